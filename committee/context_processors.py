from .scoping import user_role


def office(request):
    """The signed-in worker and their role, for the header and the navigation."""
    user = getattr(request, "user", None)
    role = user_role(user) if user is not None else None
    return {"current_role": role, "current_worker": getattr(user, "worker", None) if role else None}
