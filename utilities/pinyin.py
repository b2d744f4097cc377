"""Finding service items the way desk workers type: Chinese, or pinyin initials."""

from pypinyin import Style, lazy_pinyin


def pinyin_initials(text: str) -> str:
    """'居住证明' -> 'jzzm'; letters and digits in the name are kept as they are."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))
    return "".join(s[:1] for s in syllables if s.strip()).lower()
