"""The security log: sign-ins, failed sign-ins and refusals, without personal data.

Lines carry the user id (or, for a failed sign-in, a short keyed hash of the username
typed, so repeated attempts on one account can be followed without writing it down) and
the request path — never names, phone or ID numbers, or addresses."""

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

log = logging.getLogger("juweihui.security")


def username_tag(username: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (username or "").encode(), hashlib.sha256).hexdigest()[:12]


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["last_seen"] = int(time.time())  # the idle clock starts at sign-in
    log.info("login ok user=%s", user.pk)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    log.warning("login failed account=%s", username_tag(credentials.get("username", "")))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    log.info("logout user=%s", getattr(user, "pk", None))


def refused(request, reason: str) -> None:
    """Record that a user was refused a page (role or scope)."""
    user = getattr(request, "user", None)
    log.warning("refused user=%s path=%s reason=%s", getattr(user, "pk", None), request.path, reason)
