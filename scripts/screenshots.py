"""Refresh the README's screenshots: a fresh demo in a temporary SQLite database, served
locally and photographed in Debian's Chromium.

    .venv/bin/python scripts/screenshots.py        (writes docs/screenshots/*.png)
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "juweihui-demo"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def notice_visit_id(env) -> str:
    code = (
        "from reception.models import Visit;"
        "v = Visit.objects.filter(committee__code='QY01', outcome='notice', items__isnull=False)"
        ".order_by('-received_at').first(); print(v.pk)"
    )
    return shell_print(env, code)


def case_id(env) -> str:
    """A case of QY01 being worked on, for the case page with its step bar."""
    code = (
        "from casework.models import Case;"
        "c = Case.objects.filter(committee__code='QY01', status__in=['in_progress', 'waiting', 'dispatched'])"
        ".order_by('status', '-registered_at').first(); print(c.pk)"
    )
    return shell_print(env, code)


def shell_print(env, code) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def main():
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="juweihui-shots."))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}", "DEBUG": "true"}
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urlopen(base + "/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        notice_id = notice_visit_id(env)
        a_case = case_id(env)
        OUT.mkdir(parents=True, exist_ok=True)
        shots = [
            ("qy01-w01", "/desk/", "intake-desk.png", {"width": 1366, "height": 900}),
            ("qy01-w01", f"/desk/visits/{notice_id}/notice/", "one-time-notice.png", {"width": 900, "height": 1000}),
            ("qy01-director", "/staff/roster/", "duty-roster.png", {"width": 1366, "height": 900}),
            ("qy01-director", "/office/dashboard/", "dashboard.png", {"width": 1366, "height": 1400}),
            ("qy01-director", f"/cases/{a_case}/", "case-page.png", {"width": 1366, "height": 1000}),
            (None, "/board/QY01/", "public-board.png", {"width": 390, "height": 1200}),
        ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            for username, path, filename, viewport in shots:
                context = browser.new_context(viewport=viewport, locale="zh-CN")
                page = context.new_page()
                if username:
                    page.goto(base + "/login/")
                    page.fill("#id_username", username)
                    page.fill("#id_password", PASSWORD)
                    page.click("button[type=submit].primary")
                page.goto(base + path)
                page.screenshot(path=str(OUT / filename))
                context.close()
                print(f"wrote docs/screenshots/{filename}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
