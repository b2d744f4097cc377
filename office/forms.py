"""Forms of the top app: the State Council's holiday schedule for a year, typed as lines
(one day, or a run of days, and its name), e.g. `2027-02-05..2027-02-11 春节`."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE = r"\d{4}-\d{1,2}-\d{1,2}(?!\d)"
LINE = re.compile(rf"^({DATE})\s*(?:(?:\.\.|~|～|至)\s*({DATE}))?(?:\s+(.*))?$")
MAX_RUN = 15  # no break is longer; a typo such as 2027-02-05..2027-12-05 is refused
MAX_LINES = 200


def parse_days(text: str, year: int) -> dict[dt.date, str]:
    """{date: name} from lines `YYYY-MM-DD[..YYYY-MM-DD] name`, every day in `year`; blank
    lines are skipped. Raises a ValidationError naming every line it could not take."""
    lines = (text or "").splitlines()
    if len(lines) > MAX_LINES:
        raise ValidationError(_("最多 %(n)d 行。") % {"n": MAX_LINES})
    days, errors = {}, []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        first, last, name = _read(line)
        if first is None or last < first or (last - first).days >= MAX_RUN or (name and re.match(r"[\d.~～至]", name)):
            errors.append(
                _("第 %(n)d 行“%(line)s”看不懂：请写成 2027-02-05 春节，或 2027-02-05..2027-02-11 春节。")
                % {"n": number, "line": line[:40]}
            )
        elif first.year != year or last.year != year:
            errors.append(_("第 %(n)d 行不在 %(year)s 年。") % {"n": number, "year": year})
        else:
            days |= {first + dt.timedelta(days=k): name[:50] for k in range((last - first).days + 1)}
    if errors:
        raise ValidationError(errors)
    return days


def _read(line: str) -> tuple[dt.date | None, dt.date | None, str]:
    match = LINE.match(line)
    if not match:
        return None, None, ""
    try:
        first = dt.date.fromisoformat(_padded(match.group(1)))
        last = dt.date.fromisoformat(_padded(match.group(2))) if match.group(2) else first
    except ValueError:
        return None, None, ""
    return first, last, (match.group(3) or "").strip()


def _padded(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def days_text(days: dict[dt.date, str]) -> str:
    """The lines `parse_days` reads, consecutive days of one name as one run."""
    lines, run = [], None
    for day in sorted(days):
        if run and day == run[1] + dt.timedelta(days=1) and days[day] == run[2]:
            run = (run[0], day, run[2])
            continue
        if run:
            lines.append(run)
        run = (day, day, days[day])
    if run:
        lines.append(run)
    return "\n".join(f"{a:%Y-%m-%d}{'' if a == b else f'..{b:%Y-%m-%d}'} {name}".strip() for a, b, name in lines)


class ScheduleForm(forms.Form):
    holidays = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("每行一天或连续几天及名称，例如：2027-02-05..2027-02-11 春节。周末在放假期间的也写上。"),
    )
    workdays = forms.CharField(
        label=_("调休上班日（周末上班）"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("每行一天及名称，例如：2027-02-20 春节调休。"),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_holidays(self):
        return parse_days(self.cleaned_data["holidays"], self.year)

    def clean_workdays(self):
        return parse_days(self.cleaned_data["workdays"], self.year)


class HeaderSearchForm(forms.Form):
    """The header's one box (office.search): posted, never in an address."""

    q = forms.CharField(
        label=_("搜索编号、电话或姓名"),
        max_length=100,
        help_text=_("事项编号、告知单编号（或其后几位）、居民电话（或后四位）、居民姓名"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
