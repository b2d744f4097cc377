"""System check for production (`manage.py check --deploy`, `make check-deploy`): the
public board's address.

The door poster's QR code carries PUBLIC_BASE_URL; without it the poster falls back to
the address the office PC used to open it — on a server reached as http://127.0.0.1:8000
or an internal hostname, a code no resident's phone can open."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def public_base_url_problem(value: str) -> str:
    """Why `value` is no address for residents' phones; "" when it is one."""
    if not value:
        return "unset"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) address"
    if parts.hostname in LOCAL_HOSTS or parts.hostname.endswith(".local"):
        return "a local address"
    return ""


@register(Tags.urls, deploy=True)
def public_base_url_set(app_configs=None, **kwargs):
    problem = public_base_url_problem(settings.PUBLIC_BASE_URL)
    if not problem:
        return []
    return [
        Warning(
            f"PUBLIC_BASE_URL is {problem}: the notice board's poster prints a QR code residents' phones cannot open.",
            hint="Set PUBLIC_BASE_URL to the site's public address, e.g. https://jwh.example.gov.cn.",
            id="office.W001",
        )
    ]
