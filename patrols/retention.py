"""Patrols past the retention period (PIPL) lose their free text — the route notes, a
finding's description and location, the reasons for withdrawing — which may name a resident
("3号楼王某家门口堆物"); history too. What the book and the figures count stays: the area, the
day, who walked it and when, each finding's category, status and case. Run by the retention
sweep through utilities.erasure.retention_sweep (patrols.apps), as carework's is."""

from __future__ import annotations

import datetime as dt

from utilities.erasure import erase, erased, holds_text

from .models import Finding, Patrol


def patrols_forget(*, cutoff: dt.datetime, **_signal) -> int:
    old = Patrol.objects.filter(started_at__lt=cutoff, received_at__lt=cutoff)
    patrols = erase(
        old.filter(holds_text("route_notes") | holds_text("withdraw_reason")),
        dict(route_notes=erased("route_notes"), withdraw_reason=erased("withdraw_reason")),
    )
    findings = erase(
        Finding.objects.filter(patrol__in=old.values("pk"), received_at__lt=cutoff).filter(
            holds_text("description") | holds_text("location") | holds_text("withdraw_reason")
        ),
        dict(
            description=erased("description"),
            location=erased("location"),
            withdraw_reason=erased("withdraw_reason"),
        ),
    )
    return patrols + findings
