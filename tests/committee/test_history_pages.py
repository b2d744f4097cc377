"""The admin's history pages are in Chinese throughout: headings, the kind of change,
empty values and choices by their labels (no "Changes", "None", "True" or stored codes)."""

import re

import pytest
from django.urls import reverse

from casework.services import case_open, case_start, case_void
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_case_history_page_reads_in_chinese(client, committee_a, worker_a, street_admin_a, line_civil):
    factories.posts(committee_a, line_civil, worker_a, worker_a)
    case = case_open(committee=committee_a, first_responder=worker_a, title="路灯不亮", line=line_civil)
    case = case_start(case=case, by=worker_a)
    case_void(case=case, by=worker_a, reason="重复登记")
    client.force_login(street_admin_a.user)
    response = client.get(reverse("admin:casework_case_history", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('id="change-history"') :]
    text = re.sub(r"<[^>]+>", " ", table)
    assert "改动内容" in text
    assert "已派单" in text and "办理中" in text and "已作废" in text  # choices by their labels
    assert "（空）" in text  # the void reason before it was given
    assert "+00:00" not in text  # times in local time, to the minute
    for english in ("Changes", "None", "True", "False", "in_progress", "entries", "Changed by"):
        assert english not in text, english
