"""The public notice board (no login): who is on duty, office hours, grid areas and the
service catalogue of one committee, its lobby-screen mode, and the A4 door poster.

The pages are rendered without the request context on purpose: no context processor
runs, so the signed-in user, the session and the CSRF token are never touched. What a
board shows then depends on its URL alone (the language included, through ?lang=), and
any cache on the way may keep it for a minute."""

import io

import segno
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import selectors
from .access import public

REFRESH_SECONDS = 60  # the lobby screen asks for the board again this often
PUBLIC_CACHE = cache_control(public=True, max_age=60)


def _language(request) -> str:
    """?lang= picks the language; otherwise the site default. The language cookie is
    ignored so that a shared cache never hands one visitor's language to another."""
    chosen = request.GET.get("lang", "")
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _committee_or_404(code: str):
    committee = selectors.board_committee(code)
    if committee is None:
        raise Http404
    return committee


def _canonical_redirect(request, name: str, committee):
    """/board/aa01/ → /board/AA01/, the stored code, keeping the query string."""
    url = reverse(name, args=[committee.code])
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url, permanent=True)


def _page(template: str, context: dict, language: str) -> HttpResponse:
    with translation.override(language):
        response = HttpResponse(render_to_string(template, context))
    response["Content-Language"] = language
    return response


def _board_link(url: str, *, screen: bool, language: str) -> str:
    params = {}
    if language != settings.LANGUAGE_CODE:
        params["lang"] = language
    if screen:
        params["screen"] = "1"
    return f"{url}?{urlencode(params)}" if params else url


@public
@require_safe
@PUBLIC_CACHE
def board(request, code):
    committee = _committee_or_404(code)
    if committee.code != code:
        return _canonical_redirect(request, "board:board", committee)
    screen = request.GET.get("screen") == "1"
    language = _language(request)
    url = reverse("board:board", args=[committee.code])
    context = {
        "committee": committee,
        "board": selectors.board_for(committee=committee),
        "screen": screen,
        "refresh_seconds": REFRESH_SECONDS,
        "canonical_url": public_url(request, url),
        "chinese_url": _board_link(url, screen=screen, language=settings.LANGUAGE_CODE),
        "english_url": _board_link(url, screen=screen, language="en"),
        "screen_url": _board_link(url, screen=True, language=language),
        "poster_url": _board_link(reverse("board:poster", args=[committee.code]), screen=False, language=language),
    }
    return _page("board/board.html", context, language)


@public
@require_safe
@PUBLIC_CACHE
def board_poster(request, code):
    committee = _committee_or_404(code)
    if committee.code != code:
        return _canonical_redirect(request, "board:poster", committee)
    language = _language(request)
    board_path = reverse("board:board", args=[committee.code])
    board_url = public_url(request, board_path)
    context = {
        "committee": committee,
        "board_url": board_url,
        "board_path": _board_link(board_path, screen=False, language=language),
        "qr_svg": qr_svg(board_url, title=committee.name),
    }
    return _page("board/poster.html", context, language)


def qr_svg(data: str, *, title: str) -> str:
    """`data` as an inline SVG QR code, sized by CSS (viewBox only).

    make_qr, not make: segno would otherwise pick a Micro QR for short data, which many
    phone cameras cannot read. Level Q survives a quarter of the code being dirty or torn,
    which a door poster will be."""
    code = segno.make_qr(data, error="q", boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, omitsize=True, border=4, title=title,
              svgclass="qr", lineclass=None)
    return mark_safe(out.getvalue().decode())  # segno escapes the title; the rest is path data


def public_url(request, path: str) -> str:
    """The address residents use: PUBLIC_BASE_URL when set, so a poster printed from an
    office PC on an internal hostname still carries the public address."""
    base = settings.PUBLIC_BASE_URL
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)
