from .scoping import user_role


def office(request):
    """The signed-in worker, their role and who is on the desk now, for the header."""
    user = getattr(request, "user", None)
    role = user_role(user) if user is not None else None
    worker = getattr(user, "worker", None) if role else None
    context = {"current_role": role, "current_worker": worker}
    if worker is not None and worker.committee_id:
        from casework.selectors import unread_notification_count
        from staffing.duty_selectors import duty_now_and_today

        # Lazy: evaluated only by templates that show them (one query each).
        context["desk_now"] = lambda: duty_now_and_today(committee=worker.committee).now
        context["unread_count"] = lambda: unread_notification_count(worker=worker)
    return context
