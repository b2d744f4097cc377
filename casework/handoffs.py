"""Staffing hand-offs told in-app (staffing.signals.swap_changed and leave_changed): whoever
must act next hears of it, and a decision or a withdrawal reaches those concerned. Received
here because notifications live in casework and staffing imports nothing above it."""

from django.utils.translation import gettext as _

from staffing.choices import SwapStatus
from staffing.models import Worker

from .services import notify


def _directors(committee_id: int) -> list[Worker]:
    # Every director of the committee, as for account changes.
    return list(Worker.objects.directors().filter(committee_id=committee_id))


def _duty_text(duty) -> str:
    return f"{duty.date:%m-%d} {duty.shift.name}"


def swap_text(swap, step: str) -> str:
    names = {"proposer": swap.proposer.display_name, "colleague": swap.colleague.display_name}
    duty = _duty_text(swap.duty)
    back = _("，换回 %(back)s") % {"back": _duty_text(swap.return_duty)} if swap.return_duty_id else ""
    texts = {
        "proposed": _("%(proposer)s 请你接替 %(duty)s 的值班%(back)s。请到“换班”页答复。"),
        "accepted": _("%(colleague)s 同意接替 %(proposer)s 的 %(duty)s 值班%(back)s，待主任批准。"),
        "declined": _("%(colleague)s 没有同意接替你 %(duty)s 的值班。"),
        "approved": _("主任已批准换班：%(proposer)s 的 %(duty)s 值班由 %(colleague)s 接替%(back)s。"),
        "rejected": _("主任未批准换班：%(proposer)s 的 %(duty)s 值班仍由本人承担。"),
        "withdrawn": _("%(proposer)s 已撤回换班申请（%(duty)s 的值班）。"),
    }
    return texts[step] % {**names, "duty": duty, "back": back}


def swap_change_notify(sender, swap, step: str, by, was: str = "", **kwargs) -> None:
    """A swap proposal reaches the colleague; one the colleague accepted, the directors; the
    answer, the decision and a withdrawal, those concerned (never the one who acted)."""
    recipients = {
        "proposed": [swap.colleague],
        "accepted": [swap.proposer, *_directors(swap.committee_id)],
        "declined": [swap.proposer],
        "approved": [swap.proposer, swap.colleague],
        "rejected": [swap.proposer, swap.colleague],
        # Directors only once it was before them (the colleague had accepted).
        "withdrawn": [swap.colleague, *(_directors(swap.committee_id) if was == SwapStatus.ACCEPTED else [])],
    }[step]
    notify(case=None, recipients=recipients, text=swap_text(swap, step), exclude=by)


def leave_text(leave, step: str) -> str:
    values = {
        "name": leave.worker.display_name,
        "kind": leave.get_kind_display(),
        "start": f"{leave.start:%m-%d}",
        "end": f"{leave.end:%m-%d}",
    }
    texts = {
        "requested": _("%(name)s 申请%(kind)s %(start)s 至 %(end)s，待主任批准。"),
        "approved": _("你的%(kind)s %(start)s 至 %(end)s 已批准。"),
        "rejected": _("你的%(kind)s %(start)s 至 %(end)s 未批准。"),
        "withdrawn": _("%(name)s 已撤回%(kind)s %(start)s 至 %(end)s 的申请。"),
    }
    return texts[step] % values


def leave_change_notify(sender, leave, step: str, by, **kwargs) -> None:
    """A leave request reaches the directors; their decision, the worker; a withdrawal, the
    directors again (never the one who acted)."""
    if step in ("requested", "withdrawn"):
        recipients = _directors(leave.committee_id)
    else:
        recipients = [leave.worker]
    notify(case=None, recipients=recipients, text=leave_text(leave, step), exclude=by)
