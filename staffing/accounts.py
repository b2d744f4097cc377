"""Logins: nobody acts as someone else.

No one sets another person's password. An admin issues a one-time set-password link
(valid for a day, shown once) and the account's current password stops working at once,
signing the worker out everywhere; the worker chooses their own password through the link,
which then stops working. Every change to a login — created, link issued, password set or
changed, role changed, deactivated, calendar feed renewed — is an AccountChange and a line in
the security log naming who did it; `signals.account_changed` lets casework tell the worker
and their director when it was someone else."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from committee.roles import Role
from committee.security import log as security_log

from .choices import AccountChangeKind
from .models import AccountChange, Worker, new_feed_token
from .signals import account_changed

LINK_VALID = dt.timedelta(days=1)
K = AccountChangeKind


class SetPasswordLinkTokens(PasswordResetTokenGenerator):
    """Django's password-reset tokens, salted for these links and valid for LINK_VALID
    (not PASSWORD_RESET_TIMEOUT). A token hashes the password, so it stops working once a
    password is set — and when another link is issued, which draws a new unusable one."""

    key_salt = "staffing.accounts.SetPasswordLinkTokens"

    def check_token(self, user, token) -> bool:
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - issued <= LINK_VALID.total_seconds()


set_password_tokens = SetPasswordLinkTokens()


def account_change_record(
    *, worker: Worker, kind: str, by=None, old: str = "", new: str = "", link: AccountChange | None = None
) -> AccountChange:
    change = AccountChange.objects.create(worker=worker, kind=kind, by=by, old_value=old, new_value=new, link=link)
    security_log.info(
        "account %s worker=%s user=%s by=%s change=%s",
        kind,
        worker.pk,
        worker.user_id,
        change.actor_id,
        change.pk,
    )
    account_changed.send(sender=AccountChange, change=change)
    return change


def may_manage(admin_user, worker: Worker) -> bool:
    """A superuser, or a street admin over a worker of their own street office (not another
    street admin: those are a superuser's to manage)."""
    if admin_user.is_superuser:
        return True
    admin = getattr(admin_user, "worker", None)
    return (
        admin is not None
        and admin.active
        and admin.role == Role.STREET_ADMIN
        and worker.role not in (Role.STREET_ADMIN, Role.DISTRICT_ADMIN)
        and worker.street_office_id == admin.street_office_id
    )


@transaction.atomic
def account_link_issue(*, worker: Worker, by) -> str:
    """A one-time set-password link for `worker` (a path: the caller makes it absolute).
    The current password, and any link issued before, stop working now."""
    if not may_manage(by, worker):
        raise PermissionDenied
    user = worker.user
    user.set_unusable_password()  # also ends every session of the account: their hash changes
    user.save(update_fields=["password"])
    account_change_record(worker=worker, kind=K.LINK_ISSUED, by=by)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("staffing:set-password", args=[uid, set_password_tokens.make_token(user)])


def account_password_set_through_link(*, worker: Worker) -> AccountChange:
    """Record a password just set through a link, naming the link (and so its issuer)."""
    link = worker.account_changes.filter(kind=K.LINK_ISSUED).order_by("-at", "-pk").first()
    return account_change_record(worker=worker, kind=K.PASSWORD_SET, link=link)


def account_password_changed(*, worker: Worker, by) -> AccountChange:
    """Record a password changed by its owner, or by a superuser in admin."""
    return account_change_record(worker=worker, kind=K.PASSWORD_CHANGED, by=by)


def account_active_changed(*, worker: Worker, by, active: bool) -> AccountChange:
    return account_change_record(worker=worker, kind=K.REACTIVATED if active else K.DEACTIVATED, by=by)


@transaction.atomic
def feed_token_rotate(*, worker: Worker) -> str:
    """A new calendar-feed address for the worker; the old one stops working."""
    worker.feed_token = new_feed_token()
    worker.save(update_fields=["feed_token"])
    account_change_record(worker=worker, kind=K.FEED_ROTATED, by=worker.user)
    return worker.feed_token


def password_in_use(worker: Worker) -> AccountChange | None:
    """The change that set the password the worker signs in with, when someone else could
    know it: set through a link another person issued (whoever opened it), or by a
    superuser. None when the worker chose it themselves since (or nothing is recorded)."""
    last = (
        worker.account_changes.filter(kind__in=[K.PASSWORD_SET, K.PASSWORD_CHANGED])
        .select_related("link", "worker")
        .order_by("-at", "-pk")
        .first()
    )
    return last if last is not None and last.by_someone_else else None


def account_change_text(change: AccountChange) -> str:
    """What the worker and their director are told."""
    name = change.worker.display_name
    actor = _who(change.actor_id)
    texts = {
        K.CREATED: _("%(actor)s 新建了账号 %(name)s（%(new)s）。"),
        K.LINK_ISSUED: _("%(actor)s 为 %(name)s 签发了设置密码链接，原密码已失效。"),
        K.PASSWORD_SET: _("%(name)s 的密码已通过 %(actor)s 签发的链接设置。如不是本人所设，请立即告知主任。"),
        K.PASSWORD_CHANGED: _("%(actor)s 修改了 %(name)s 的密码。"),
        K.ROLE_CHANGED: _("%(actor)s 将 %(name)s 的角色由“%(old)s”改为“%(new)s”。"),
        K.DEACTIVATED: _("%(actor)s 停用了 %(name)s 的账号。"),
        K.REACTIVATED: _("%(actor)s 恢复了 %(name)s 的账号。"),
        K.FEED_ROTATED: _("%(name)s 的值班日历订阅地址已更换。"),
    }
    return texts[change.kind] % {
        "actor": actor,
        "name": name,
        "old": _role_label(change.old_value),
        "new": _role_label(change.new_value or change.worker.role),
    }


def _who(user_id: int | None) -> str:
    if user_id is None:
        return _("系统")
    worker = Worker.objects.filter(user_id=user_id).only("display_name").first()
    return worker.display_name if worker is not None else _("系统管理员")


def _role_label(value: str) -> str:
    return str(Role(value).label) if value in Role.values else value
