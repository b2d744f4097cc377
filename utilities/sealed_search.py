"""Search words never travel in a URL.

A list's filter form is posted. The view keeps the free-text search (a resident's name or
phone, as often as not) in the session under a short random key and redirects to the list
with that key (`?search=…`) beside the other filters, so the address bar, the pages, the
export links, access logs, proxies and the browser's history carry no name, phone or ID
number. The key means nothing outside the session that made it; a search typed into the
address by hand is ignored."""

from __future__ import annotations

import secrets

from django.http import HttpResponseRedirect, QueryDict

SEARCH_PARAMETER = "search"
SESSION_KEY = "sealed_searches"
KEPT = 20  # the searches a session keeps; older keys stop working
LONGEST = 200  # characters kept: longer than any search field allows, so the form still says "too long"


def seal(request, text: str) -> str:
    """A key for `text` in this session (the same key for the same text)."""
    searches: dict[str, str] = request.session.get(SESSION_KEY, {})
    for key, kept in searches.items():
        if kept == text:
            return key
    key = secrets.token_urlsafe(6)
    searches[key] = text
    request.session[SESSION_KEY] = dict(list(searches.items())[-KEPT:])
    return key


def search_redirect(request, *, field: str = "q") -> HttpResponseRedirect:
    """The posted filter as the list's own address: every other field as it was, the
    search sealed."""
    data = request.POST.copy()
    for name in ("csrfmiddlewaretoken", SEARCH_PARAMETER, "page"):
        data.pop(name, None)
    text = (data.pop(field, None) or [""])[-1].strip()[:LONGEST]
    if text:
        data[SEARCH_PARAMETER] = seal(request, text)
    query = data.urlencode()
    return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)


def unsealed(request, *, field: str = "q") -> tuple[QueryDict | None, bool]:
    """The list's filter data: the address's parameters with the sealed search back under
    `field` (None when there are none, so the filter is unbound), and whether the address
    named a search this session no longer holds."""
    data = request.GET.copy()
    data.pop(field, None)  # only a sealed search counts
    key = (data.pop(SEARCH_PARAMETER, None) or [""])[-1]
    expired = False
    if key:
        text = request.session.get(SESSION_KEY, {}).get(key)
        if text is None:
            expired = True
        else:
            data[field] = text
    return (data or None), expired
