"""Record numbers typed into addresses and hidden fields: only ASCII digits make one (str's
isdigit() also accepts "²" or "١", which int() and the database then refuse)."""

LONGEST = 18  # beyond a bigint: no record has such a number


def record_id(value) -> int | None:
    """The record number in `value`, or None when it is not one."""
    text = str(value or "")
    if text.isascii() and text.isdigit() and len(text) <= LONGEST:
        return int(text)
    return None
