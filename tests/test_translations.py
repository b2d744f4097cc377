"""English must work: every UI string has an English translation, compiled."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        msgid = re.search(r'^msgid "(.*)"', block, re.M)
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        if msgid:
            yield msgid.group(1), ["".join([s[0], *re.findall(r'"(.*)"', s[1])]) for s in strings], block


def test_every_string_has_an_english_translation():
    untranslated = [msgid for msgid, strings, block in entries() if not all(strings) or "#, fuzzy" in block]
    assert untranslated == []


def test_the_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("前台接待") == "Front desk"
    with translation.override("zh-hans"):
        assert translation.gettext("前台接待") == "前台接待"
