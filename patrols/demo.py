"""Demo patrols for seed_demo: three weeks of daily rounds per grid area, a few days missed
(the director's page has something to show), findings of every category, a few of which
opened a case. Bulk inserts with their history rows; the cases through casework's one write
path (case_open)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from casework.choices import CaseSource
from casework.services import case_open
from committee.workcalendar import WorkCalendar

from .choices import FindingCategory, FindingStatus
from .models import Finding, Patrol

DAYS = 21
MISSED_SHARE = 0.06  # working days a round is skipped
WEEKEND_SHARE = 0.15  # days off a round is walked anyway
CASE_SHARE = 0.12  # findings handed on as a case
HANDLED_SHARE = 0.4  # findings dealt with on the spot

FINDINGS = {
    FindingCategory.SAFETY: ["楼道电瓶车充电飞线", "消防通道被私家车占用", "灭火器过期", "楼道堆放纸板杂物"],
    FindingCategory.SANITATION: ["垃圾箱房满溢", "绿化带内有建筑垃圾", "楼道小广告", "宠物粪便未清理"],
    FindingCategory.ILLEGAL_BUILDING: ["底楼搭建阳光房", "顶楼加盖彩钢板房", "绿地围占种菜"],
    FindingCategory.FACILITY: ["路灯不亮", "单元门禁损坏", "窨井盖松动", "健身器材螺丝脱落"],
    FindingCategory.OTHER: ["独居老人家门口报纸堆积（已告知网格员）", "群租迹象，需核实"],
}
ROUTES = ["沿主干道→各楼栋→垃圾箱房→停车场", "北门→{buildings}→南门", "{buildings}逐栋巡查，重点楼道与地下室"]


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def patrols_generate(
    *, committee, rng: random.Random, grid_areas, workers, today: dt.date, line, days: int = DAYS
) -> int:
    """Rounds of each active grid area of `committee` from `days` ago to yesterday, by the
    area's responsible worker (now and then a colleague); returns how many patrols."""
    first = today - dt.timedelta(days=days)
    calendar = WorkCalendar.load(first, today, district_id=committee.district_id)
    by_user = {worker.user_id: worker for worker in workers}
    patrols: list[Patrol] = []
    for area in grid_areas:
        responsible = by_user.get(area.responsible_id) or rng.choice(workers)
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            working = calendar.is_working_day(day)
            if (working and rng.random() < MISSED_SHARE) or (not working and rng.random() > WEEKEND_SHARE):
                continue
            worker = responsible if rng.random() > 0.1 else rng.choice(workers)
            started = _at(day, rng.randint(8, 10), rng.choice((0, 15, 30, 45)))
            patrols.append(
                Patrol(
                    client_id=uuid.uuid4(),
                    recorded_at=started,
                    received_at=started,
                    committee=committee,
                    grid_area=area,
                    worker_id=worker.user_id,
                    date=day,
                    started_at=started,
                    ended_at=started + dt.timedelta(minutes=rng.randint(40, 110)),
                    route_notes=rng.choice(ROUTES).format(buildings=area.buildings or area.name),
                )
            )
    patrols = bulk_create_with_history(patrols, Patrol)
    by_user = {worker.user_id: worker for worker in workers}
    findings = []
    for patrol in patrols:
        for _n in range(rng.choice((0, 0, 1, 1, 2))):
            category = rng.choice(list(FINDINGS))
            description = rng.choice(FINDINGS[category])
            at = patrol.started_at + dt.timedelta(minutes=rng.randint(5, 35))
            finding = Finding(
                client_id=uuid.uuid4(),
                recorded_at=at,
                received_at=at,
                patrol=patrol,
                recorded_by_id=patrol.worker_id,
                category=category,
                description=description,
                location=f"{rng.randint(1, 40)}号楼",
                status=FindingStatus.HANDLED if rng.random() < HANDLED_SHARE else FindingStatus.OPEN,
            )
            if finding.status == FindingStatus.OPEN and rng.random() < CASE_SHARE:
                finding.case = case_open(
                    committee=committee,
                    first_responder=by_user[patrol.worker_id],
                    title=f"{category.label}：{description}",
                    line=line,
                    source=CaseSource.PATROL,
                    description=description,
                    address=finding.location,
                    grid_area=patrol.grid_area,
                    registered_at=at,
                )
                finding.status = FindingStatus.CASE
            findings.append(finding)
    bulk_create_with_history(findings, Finding)
    return len(patrols)
