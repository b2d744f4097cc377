"""Household addresses as committees write them, and the key that matches them.

A committee writes "5号楼 2单元 301室", "5幢2单元301", or just "5-2-301". The key keeps
what identifies the flat and drops the words around it: each part is NFKC-normalised
(full-width digits made ASCII), spaces removed, lower-cased, and its trailing marker
(号楼, 幢, 栋, 号, 单元, 室, …) dropped; the three parts are joined by "-". So every form
above becomes "5-2-301". No Chinese numerals are converted (二单元 stays 二): keep the
rule simple and visible; an import that meets them reports them as they are.
"""

from __future__ import annotations

import re
import unicodedata

_MARKERS = re.compile(r"(号楼|号院|单元|号房|楼|幢|栋|座|号|室|门)$")
_SPLIT = re.compile(r"\s*(?:号楼|幢|栋|座|单元|室|[-－—/])\s*")


def address_part_key(value: str) -> str:
    part = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).lower()
    return _MARKERS.sub("", part)


def address_key(building: str, unit: str, room: str) -> str:
    return "-".join(address_part_key(part) for part in (building, unit, room))


def address_split(text: str) -> tuple[str, str, str]:
    """A one-line address ("5号楼 2单元 301室", "5-2-301") split into building, unit and
    room; with fewer parts, the last is the room ("5-301": building 5, room 301)."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    parts = [part for part in _SPLIT.split(cleaned) if part.strip()]
    if len(parts) >= 3:
        return parts[0].strip(), parts[1].strip(), "".join(parts[2:]).strip()
    if len(parts) == 2:
        return parts[0].strip(), "", parts[1].strip()
    return "", "", cleaned
