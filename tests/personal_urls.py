"""Personal data in addresses: what a phone or an ID number looks like in a query string,
and which GET forms would put a name, phone or ID number into one. Shared by the crawl of
every page the permission matrix lists and by the browser tests, which record every
request Chromium makes."""

import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

# A phone as typed or stored (utilities/phones.py), once separators and "+" are dropped: a
# mobile, a landline with its area code (021 6555 1234), either one after 86 or 0086.
PHONE = re.compile(r"(?<!\d)(?:(?:0086|86)?1[3-9]\d{9}|(?:0|0086|86)[1-9]\d{8,10})(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
# Parameters that hold what a resident is looked up by, whatever their value looks like.
PERSONAL_PARAMETERS = frozenset({"q", "resident_name", "resident_phone", "phone", "id_number", "address"})
URL_ATTRIBUTES = ("href", "src", "action", "formaction")


def personal_in_url(url: str) -> list[str]:
    """The query parameters of `url` that carry a phone, an ID number or a look-up by person."""
    found = []
    for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        compact = re.sub(r"[\s\-+()]", "", unicodedata.normalize("NFKC", value))
        if PHONE.search(compact) or ID_NUMBER.search(compact):
            found.append(f"{name}={value}")
        elif name in PERSONAL_PARAMETERS and value:
            found.append(f"{name}={value}")
    return found


class _PageLinks(HTMLParser):
    """Every address a page links to, and the GET forms with their field names."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.get_forms: list[set[str]] = []  # field names of each form that submits by GET
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and (name in URL_ATTRIBUTES or (name.startswith("data-") and name.endswith("-url"))):
                self.urls.append(value)
        if tag == "form":
            self._form = {"get": (attrs.get("method") or "get").lower() == "get", "fields": set()}
        elif self._form is not None:
            if tag in ("input", "select", "textarea") and attrs.get("name"):
                self._form["fields"].add(attrs["name"])
            if tag in ("button", "input") and (attrs.get("formmethod") or "").lower() == "get":
                self._form["get"] = True

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            if self._form["get"]:
                self.get_forms.append(self._form["fields"])
            self._form = None


def personal_in_page(html: str) -> tuple[int, list[str]]:
    """(addresses scanned, what is wrong) for one page: links carrying personal data, and
    GET forms with a field a resident is looked up by."""
    parser = _PageLinks()
    parser.feed(html)
    wrong = [f"link {url}: {found}" for url in parser.urls if (found := personal_in_url(url))]
    for fields in parser.get_forms:
        if fields & PERSONAL_PARAMETERS:
            wrong.append(f"a GET form with {sorted(fields & PERSONAL_PARAMETERS)}")
    return len(parser.urls), wrong
