"""What every signed-in page's header shows: who is signed in, their role, who is on the
desk now and their unread notifications (these two read staffing and casework, hence
here, in the top app), and for directors and street admins whether the calendar's next
(or current) year is still provisional."""

from casework.selectors import unread_notification_count
from committee.roles import Role
from committee.scoping import user_role
from committee.selectors import calendar_notice
from staffing.selectors import duty_now_and_today


def office(request):
    user = getattr(request, "user", None)
    role = user_role(user) if user is not None else None
    worker = getattr(user, "worker", None) if role else None
    context = {"current_role": role, "current_worker": worker}
    if role in (Role.DIRECTOR, Role.STREET_ADMIN):
        context["calendar_notice"] = calendar_notice  # lazy: one query, where the header shows it
    if worker is not None and worker.committee_id:
        # Lazy: evaluated only by templates that show them (one query each).
        context["desk_now"] = lambda: duty_now_and_today(committee=worker.committee).now
        context["unread_count"] = lambda: unread_notification_count(worker=worker)
    return context
