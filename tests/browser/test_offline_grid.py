"""Issue 18, point 4 (the issue's "Done when"): a grid worker on a phone loads the day's
list, goes offline, records three home visits (one raising a case) and a patrol with a
finding that opens a case, comes back online and syncs; the server holds exactly that, and
still exactly that after the same sync is replayed and after a sync cut off halfway is resumed."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carework.models import CarePlan, HomeVisit
from carework.services import care_plan_save
from casework.models import Case
from patrols.models import Finding, Patrol
from register.models import CareTag
from register.services import household_create, person_find_or_create, person_join_household, person_tag_add

from .. import factories

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = (("钱阿婆", "3号楼", "201室"), ("孙老伯", "3号楼", "302室"), ("李奶奶", "5号楼", "101室"))

READ_QUEUE = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("carework-app");
  open.onsuccess = () => {
    const all = open.result.transaction("queue").objectStore("queue").getAll();
    all.onsuccess = () => { open.result.close(); resolve(all.result.map((item) => item.record)); };
    all.onerror = () => reject(all.error);
  };
  open.onerror = () => reject(open.error);
})"""

DATABASES = "() => indexedDB.databases().then((dbs) => dbs.map((db) => db.name))"


@pytest.fixture
def grid_worker(committee_a, director_a):
    worker = factories.worker(committee_a, username="grid-a", name="陈网格")
    area = factories.grid_area(committee_a, responsible=worker, name="第一片区")
    living_alone = CareTag.objects.get(code="living_alone")
    care_plan_save(committee=committee_a, target="tag", tag=living_alone, interval_days=7)
    CarePlan.objects.update(started_on=timezone.localdate() - dt.timedelta(days=30))
    for name, building, room in NAMES:
        household = household_create(committee=committee_a, grid_area=area, building=building, room=room)
        person, _created = person_find_or_create(committee=committee_a, name=name)
        person_join_household(person=person, household=household, relation="head")
        person_tag_add(person=person, tag=living_alone, by=worker.user, reason="入户核实")
    return worker


def server_time_on_the_phone(page):
    """The phone's clock at the server's now: records carry the phone's time, and under
    TEST_TODAY the server's day is not the machine's. Time then flows on naturally."""
    page.context.clock.install(time=timezone.now())


def open_app(page):
    page.goto("/care/app/")
    expect(page.locator("#care-app")).to_have_attribute("data-loaded", re.compile(".+"))
    assert page.evaluate("() => navigator.serviceWorker.ready.then((r) => !!r.active)")


def record_visit(page, name, outcome, *, case_line=None):
    page.get_by_role("button", name=f"记录走访：{name}").click()
    form = page.locator("#care-visit-form")
    form.get_by_label(outcome, exact=True).check()
    if case_line:
        form.get_by_label("较差", exact=True).check()
        form.get_by_label("需求", exact=True).fill("卫生间地滑，需要安装扶手")
        form.get_by_label("需要立事项").check()
        form.get_by_label("事项标题").fill("为独居老人安装扶手")
        form.get_by_label("条线").select_option(label=case_line.name)
    form.get_by_role("button", name="保存走访").click()
    expect(page.locator("#care-status")).to_contain_text(f"{name}：已保存在手机上")


def counts():
    return (
        HomeVisit.objects.count(),
        Patrol.objects.count(),
        Patrol.objects.filter(ended_at__isnull=False).count(),
        Finding.objects.count(),
        Case.objects.count(),
    )


def test_a_round_recorded_offline_syncs_once_however_it_is_sent(screen, login, grid_worker, line_civil):
    page = screen()
    context = page.context
    server_time_on_the_phone(page)
    login(page, grid_worker)
    open_app(page)
    expect(page.locator("#care-due")).to_contain_text("李奶奶")

    context.set_offline(True)
    page.reload()  # the shell opens from the service worker, the list from IndexedDB
    expect(page.get_by_role("heading", name="外勤")).to_be_visible()
    expect(page.locator("#care-network")).to_have_text("离线")
    expect(page.locator("#care-due")).to_contain_text("钱阿婆")

    record_visit(page, "钱阿婆", "见到本人", case_line=line_civil)
    record_visit(page, "孙老伯", "不在家")
    record_visit(page, "李奶奶", "见到本人")
    page.get_by_label("片区").select_option(label="第一片区")
    page.get_by_role("button", name="开始巡查").click()
    finding = page.locator("#care-finding-form")
    finding.get_by_label("类别").select_option(label="安全隐患")
    finding.get_by_label("情况描述").fill("3号楼楼道堆放杂物")
    finding.get_by_label("位置").fill("3号楼东侧楼道")
    finding.get_by_label("转为事项").check()
    finding.get_by_label("事项标题").fill("清理3号楼楼道杂物")
    finding.get_by_label("条线").select_option(label=line_civil.name)
    finding.get_by_role("button", name="记录发现").click()
    expect(page.locator("#care-status")).to_contain_text("发现已记录")
    page.get_by_label("巡查路线").fill("1–5号楼")
    page.get_by_role("button", name="结束巡查").click()
    expect(page.locator("#care-queue-count")).to_have_text("6")
    assert counts() == (0, 0, 0, 0, 0)

    # A sync cut off halfway: the server stored the first half, the phone never heard back.
    queued = page.evaluate(READ_QUEUE)
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    headers = {"Content-Type": "application/json", "X-CSRFToken": token}
    half = context.request.post("/care/sync/", data=json.dumps({"records": queued[:3]}), headers=headers)
    assert [r["status"] for r in half.json()["results"]] == ["stored"] * 3
    expect(page.locator("#care-queue-count")).to_have_text("6")

    context.set_offline(False)  # back online: the app syncs by itself
    expect(page.locator("#care-queue-count")).to_have_text("0")
    expect(page.locator("#care-status")).to_contain_text("存入 3 条，已有 3 条")
    assert counts() == (3, 1, 1, 1, 2)
    assert Case.objects.filter(source="home_visit").count() == 1
    assert Case.objects.filter(source="patrol").count() == 1

    # The same sync replayed: nothing new.
    sent = page.locator("#care-app").get_attribute("data-last-batch")
    replay = context.request.post("/care/sync/", data=sent, headers=headers)
    assert {r["status"] for r in replay.json()["results"]} == {"already"}
    assert counts() == (3, 1, 1, 1, 2)
    expect(page.locator("#care-due")).not_to_contain_text("钱阿婆")


def test_signing_out_wipes_the_phone_copy(phone_page, login, grid_worker):
    page = phone_page
    server_time_on_the_phone(page)
    login(page, grid_worker)
    open_app(page)
    record_visit(page, "李奶奶", "见到本人")
    assert "carework-app" in page.evaluate(DATABASES)
    messages = []

    def answer(dialog):
        messages.append(dialog.message)
        dialog.dismiss()  # do not sync: sign out and wipe

    page.on("dialog", answer)
    page.get_by_role("button", name="退出并清除手机数据").click()
    expect(page.get_by_label("密码")).to_be_visible()  # signed out: the sign-in form
    assert messages and "1 条记录没有同步" in messages[0]
    assert "carework-app" not in page.evaluate(DATABASES)
    assert not HomeVisit.objects.exists()


def test_an_expired_session_keeps_the_queue_until_signed_in_again(phone_page, login, grid_worker):
    page = phone_page
    server_time_on_the_phone(page)
    login(page, grid_worker)
    open_app(page)
    record_visit(page, "李奶奶", "见到本人")
    page.context.clear_cookies()  # the session has expired

    page.get_by_role("button", name="同步", exact=True).click()
    expect(page.locator("#care-status")).to_contain_text("登录已过期")
    expect(page.locator("#care-queue-count")).to_have_text("1")
    page.get_by_role("link", name="请重新登录").click()
    page.get_by_label("用户名").fill("grid-a")
    page.get_by_label("密码").fill("pw-for-tests")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/care/app/$"))
    expect(page.locator("#care-queue-count")).to_have_text("1")
    page.get_by_role("button", name="同步", exact=True).click()
    expect(page.locator("#care-queue-count")).to_have_text("0")
    assert HomeVisit.objects.count() == 1


def test_the_sites_own_sign_out_warns_and_wipes_the_phone_copy(phone_page, login, grid_worker):
    page = phone_page
    server_time_on_the_phone(page)
    login(page, grid_worker)
    open_app(page)
    record_visit(page, "李奶奶", "见到本人")
    messages = []

    def answer(dialog):
        messages.append(dialog.message)
        dialog.accept()  # sign out all the same

    page.on("dialog", answer)
    page.get_by_role("button", name="退出", exact=True).click()
    expect(page.get_by_label("密码")).to_be_visible()
    assert messages and "1 条记录没有同步" in messages[0]
    assert "carework-app" not in page.evaluate(DATABASES)


ADD_TO_QUEUE = """(record) => new Promise((resolve, reject) => {
  const open = indexedDB.open("carework-app");
  open.onsuccess = () => {
    const t = open.result.transaction("queue", "readwrite");
    t.objectStore("queue").add({ record: record, refused: "" });
    t.oncomplete = () => { open.result.close(); resolve(true); };
    t.onerror = () => reject(t.error);
  };
})"""


def test_a_refused_record_stays_on_the_phone_with_its_message(phone_page, login, grid_worker, committee_b):
    page = phone_page
    server_time_on_the_phone(page)
    login(page, grid_worker)
    open_app(page)
    stranger, _created = person_find_or_create(committee=committee_b, name="赵先生")
    page.evaluate(
        ADD_TO_QUEUE,
        {"kind": "home_visit", "client_id": "0b7a0f2e-8a51-4f0e-9d5c-1f4f1d0e0a01", "person": stranger.pk,
         "person_name": "赵先生", "outcome": "seen", "recorded_at": timezone.now().isoformat()},
    )  # fmt: skip
    record_visit(page, "李奶奶", "见到本人")
    page.get_by_role("button", name="同步", exact=True).click()
    expect(page.locator("#care-status")).to_contain_text("存入 1 条")
    expect(page.locator("#care-queue-count")).to_have_text("1")
    expect(page.locator("#care-queue")).to_contain_text("未接受：所选居民不在本居委会的居民名册中。")
    assert HomeVisit.objects.count() == 1
