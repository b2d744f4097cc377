"""Simplified Chinese unless the user picked another language with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, and an office PC
set up in English would then show English to staff who never asked for it."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import get_user
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from staffing.models import Worker  # the project package may import any app


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class CurrentWorkerMiddleware:
    """Load the signed-in user's worker profile with its committee in one query, so
    scoping, the header and the views don't each fetch them. Lazy like request.user:
    pages that never look at the user (the public board) never touch the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _with_worker(get_user(request)))
        return self.get_response(request)


def _with_worker(user):
    if user.is_authenticated and not hasattr(user, "_worker_loaded"):
        worker = (
            Worker.objects.select_related("committee__street_office", "street_office", "district")
            .filter(user_id=user.pk)
            .first()
        )
        if worker is not None:
            user.worker = worker  # fills Django's reverse one-to-one cache
        user._worker_loaded = True
    return user


class IdleTimeoutMiddleware:
    """Sign out a session idle for SESSION_IDLE_MINUTES, and any session of a worker
    who has been deactivated (their next request ends it: logout everywhere).

    The last-seen time is written at most once a minute, so ordinary pages add no write.
    Public pages (marked with committee.access.public) are left alone: they never read
    the session, so they can be cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "public_page", False) or not request.user.is_authenticated:
            return None
        now = int(time.time())
        last_seen = request.session.get("last_seen", now)
        worker = getattr(request.user, "worker", None)
        if now - last_seen > settings.SESSION_IDLE_MINUTES * 60 or (worker is not None and not worker.active):
            logout(request)
            return redirect_to_login(request.get_full_path())
        if now - last_seen >= 60:
            request.session["last_seen"] = now
        return None
