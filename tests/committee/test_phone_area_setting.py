"""PHONE_DEFAULT_AREA_CODE, read like every setting: a bad value fails loudly at start-up."""

import os
import subprocess
import sys

import pytest


def area_code_setting(value: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "true", "PHONE_DEFAULT_AREA_CODE": value}
    return subprocess.run(
        [sys.executable, "-c", "import committee.settings as s; print(s.PHONE_DEFAULT_AREA_CODE)"],
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(("value", "read"), [("21", "21"), ("021", "21"), ("571", "571"), (" 10 ", "10")])
def test_it_reads_an_area_code_with_or_without_its_0(value, read):
    result = area_code_setting(value)
    assert result.returncode == 0 and result.stdout.strip() == read


@pytest.mark.parametrize("value", ["shanghai", "2", "5710", "00", "２１"])
def test_it_refuses_what_is_no_area_code(value):
    result = area_code_setting(value)
    assert result.returncode != 0 and "PHONE_DEFAULT_AREA_CODE" in result.stderr
