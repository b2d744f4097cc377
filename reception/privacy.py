"""Showing a resident's whole ID number: the one place it is decrypted for a person.

Lists, exports, history and logs only ever hold the masked form (committee.identity).
The whole number is shown to a worker with the `reception.reveal_id_number` permission
(the director's) of the visit's own committee, for a stated reason, and every showing
leaves an `IdNumberAccess` row and a line in the security log — a line with ids only,
never the number."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committee.identity import decrypt_id_number
from staffing.models import Worker

from .models import IdNumberAccess, Visit

REVEAL_PERMISSION = "reception.reveal_id_number"

security_log = logging.getLogger("juweihui.security")


def can_reveal_id_number(*, visit: Visit, worker: Worker | None) -> bool:
    """The rule, shared by the service, the view and the link on the visit page."""
    return (
        worker is not None
        and worker.active
        and worker.committee_id == visit.committee_id
        and worker.user.has_perm(REVEAL_PERMISSION)
    )


@transaction.atomic
def id_number_reveal(*, visit: Visit, by: Worker, reason: str) -> str:
    """Return the visit's whole ID number and record who asked, when and why."""
    if not can_reveal_id_number(visit=visit, worker=by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("查看完整身份证号必须写明原因。")})
    if not visit.id_number_encrypted:
        raise ValidationError(_("这条登记没有身份证号（未登记或已匿名化）。"))
    number = decrypt_id_number(visit.id_number_encrypted)
    if not number:
        # Encrypted under another key (e.g. a restore without ID_NUMBER_KEY): nothing shown,
        # so nothing is recorded as shown.
        raise ValidationError(_("无法解密这个身份证号：请管理员核对 ID_NUMBER_KEY 是否与加密时一致。"))
    access = IdNumberAccess(visit=visit, worker=by, reason=reason[:200])
    access.full_clean()
    access.save()
    security_log.info("id number shown visit=%s worker=%s access=%s", visit.pk, by.pk, access.pk)
    return number
