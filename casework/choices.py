"""Case statuses, the transitions allowed between them, and the other fixed lists.

`TRANSITIONS` is the one table of the six-step loop (发现→登记→派单→处置→结案→评价):
services enforce it and templates draw their buttons from it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    DISPATCHED = "dispatched", _("已派单")
    IN_PROGRESS = "in_progress", _("办理中")
    WAITING = "waiting", _("待补件")
    RESOLVED = "resolved", _("已办结待回访")
    CLOSED = "closed", _("已结案")
    VOIDED = "voided", _("已作废")


class CaseAction(models.TextChoices):
    DISPATCH = "dispatch", _("派单")
    START = "start", _("开始办理")
    PAUSE = "pause", _("待补件（暂停计时）")
    RESUME = "resume", _("恢复办理")
    RESOLVE = "resolve", _("办结")
    FOLLOW_UP = "follow_up", _("回访评价")
    REOPEN = "reopen", _("重新办理")
    VOID = "void", _("作废")


S = CaseStatus
OPEN_STATUSES = (S.REGISTERED, S.DISPATCHED, S.IN_PROGRESS, S.WAITING)
RUNNING_STATUSES = (S.REGISTERED, S.DISPATCHED, S.IN_PROGRESS)  # open, the clock running: 待补件 pauses it

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    CaseAction.DISPATCH: ((S.REGISTERED,), S.DISPATCHED),
    CaseAction.START: ((S.REGISTERED, S.DISPATCHED), S.IN_PROGRESS),
    CaseAction.PAUSE: ((S.DISPATCHED, S.IN_PROGRESS), S.WAITING),
    CaseAction.RESUME: ((S.WAITING,), S.IN_PROGRESS),
    CaseAction.RESOLVE: ((S.DISPATCHED, S.IN_PROGRESS), S.RESOLVED),
    CaseAction.FOLLOW_UP: ((S.RESOLVED,), S.CLOSED),
    CaseAction.REOPEN: ((S.RESOLVED, S.CLOSED), S.IN_PROGRESS),
    CaseAction.VOID: (OPEN_STATUSES, S.VOIDED),
}


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]


class CaseSource(models.TextChoices):
    """How the matter reached the committee (a plain value: casework never links to visits)."""

    WALK_IN = "walk_in", _("来访")
    PHONE = "phone", _("来电")
    ONLINE = "online", _("网上")
    HOME_VISIT = "home_visit", _("走访")
    PATROL = "patrol", _("巡查")
    HOTLINE = "hotline", _("12345 热线")
    DIRECT = "direct", _("直接登记")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class EventKind(models.TextChoices):
    OPENED = "opened", _("登记")
    ROUTED = "routed", _("派单")
    HANDED_ON = "handed_on", _("转交")
    STATUS = "status", _("状态变更")
    PAUSED = "paused", _("暂停计时")
    RESUMED = "resumed", _("恢复计时")
    NOTE = "note", _("办理记录")
    CHASED = "chased", _("居民催办")
    SUPERVISED = "supervised", _("主任督办")
    FOLLOWED_UP = "followed_up", _("回访")
    REMINDED = "reminded", _("提醒")
    ESCALATED = "escalated", _("上报主任")
    TO_STREET = "to_street", _("上报街道")
    VOIDED = "voided", _("作废")
    DEADLINE = "deadline", _("期限调整")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")
    ESCALATION = "escalation", _("超期上报")
    STREET = "street", _("超期上报街道")
    FOLLOW_UP = "follow_up", _("待回访")


# What the sweep writes on a case's timeline when it records a reminder of each kind.
REMINDER_EVENTS: dict[str, str] = {
    ReminderKind.DUE_SOON: EventKind.REMINDED,
    ReminderKind.OVERDUE: EventKind.REMINDED,
    ReminderKind.ESCALATION: EventKind.ESCALATED,
    ReminderKind.STREET: EventKind.TO_STREET,
    ReminderKind.FOLLOW_UP: EventKind.REMINDED,
}


# The case's progress as the step bar shows it (登记 → 派单 → 办理 → 办结 → 回访 → 结案):
# for each status, how many steps are done and which one is current.
class Step(models.TextChoices):
    REGISTER = "register", _("登记")
    DISPATCH = "dispatch", _("派单")
    HANDLE = "handle", _("办理")
    RESOLVE = "resolve", _("办结")
    FOLLOW_UP = "follow_up", _("回访")
    CLOSE = "close", _("结案")


CURRENT_STEP: dict[str, str] = {
    S.REGISTERED: Step.DISPATCH,
    S.DISPATCHED: Step.HANDLE,
    S.IN_PROGRESS: Step.HANDLE,
    S.WAITING: Step.HANDLE,  # paused inside 办理
    S.RESOLVED: Step.FOLLOW_UP,
    S.CLOSED: Step.CLOSE,
}
