"""What every signed-in page's header shows: who is signed in, their role, who is on the
desk now and their unread notifications (these two read staffing and casework, hence
here, in the top app), and for directors and street and district admins whether their
district's calendar has its next (or current) year still provisional."""

from casework.selectors import unread_notification_count
from committee.roles import Role
from committee.scoping import user_role
from committee.selectors import calendar_notice
from staffing.selectors import duty_now_and_today


def office(request):
    user = getattr(request, "user", None)
    role = user_role(user) if user is not None else None
    worker = getattr(user, "worker", None) if role else None
    if worker is not None and not worker.active:  # a superuser through an inactive worker
        worker = None
    context = {"current_role": role, "current_worker": worker}
    if role in (Role.DIRECTOR, Role.STREET_ADMIN, Role.DISTRICT_ADMIN):
        district_id = worker.district_of_scope if worker is not None else None
        # Lazy: one query, where the header shows it.
        context["calendar_notice"] = lambda: calendar_notice(district_id=district_id)
    if worker is not None and worker.committee_id:
        # Lazy: evaluated only by templates that show them (one query each).
        context["desk_now"] = lambda: duty_now_and_today(committee=worker.committee).now
        context["unread_count"] = lambda: unread_notification_count(worker=worker)
    elif role == Role.STREET_ADMIN and worker is not None:  # told of cases escalated to the street office
        context["unread_count"] = lambda: unread_notification_count(worker=worker)
    return context
