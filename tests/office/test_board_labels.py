"""The board's grid areas in their natural order, its table of contents for phones, the
lobby screen's settings, and the warnings about an unset PUBLIC_BASE_URL (poster and the
deploy check)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from committee.models import GridArea
from office.checks import public_base_url_set
from reception.forms import IntakeForm
from tests import factories

pytestmark = pytest.mark.django_db


def test_grid_areas_are_listed_one_two_three_on_the_board(client, committee_a):
    for name in ["第一片区", "第三片区", "第二片区", "第五片区", "第六片区", "第四片区", "第十片区"]:
        GridArea.objects.create(committee=committee_a, name=name)
    html = client.get(reverse("board:board", args=[committee_a.code])).content.decode()
    positions = [
        html.index(name)
        for name in ["第一片区", "第二片区", "第三片区", "第四片区", "第五片区", "第六片区", "第十片区"]
    ]
    assert positions == sorted(positions)


def test_grid_areas_are_offered_in_natural_order_at_the_desk(committee_a):
    for name in ["10号楼片", "2号楼片", "1号楼片"]:
        GridArea.objects.create(committee=committee_a, name=name)
    form = IntakeForm(committee=committee_a, catalogue=[])
    labels = [str(label) for value, label in form.fields["grid_area"].choices if value]
    assert labels == ["1号楼片", "2号楼片", "10号楼片"]


def test_the_board_has_a_table_of_contents_of_its_sections_and_lines(client, committee_a, item_allowance):
    other_line = factories.line(code="laodong", name="劳动保障")
    factories.service_item(other_line, name="失业登记")
    html = client.get(reverse("board:board", args=[committee_a.code])).content.decode()
    assert 'href="#services"' in html
    assert 'href="#line-2"' in html
    assert "办事指南目录" in html
    screen = client.get(reverse("board:board", args=[committee_a.code]) + "?screen=1").content.decode()
    assert 'id="jump"' not in screen  # the lobby screen pages by itself


@pytest.mark.parametrize(("given", "expected"), [("", "15"), ("5", "5"), ("0", "2"), ("abc", "15"), ("99999", "300")])
def test_the_lobby_screen_turns_pages_at_the_interval_asked_within_bounds(client, committee_a, given, expected):
    url = reverse("board:board", args=[committee_a.code]) + f"?screen=1&seconds={given}"
    html = client.get(url).content.decode()
    assert f'data-page-seconds="{expected}"' in html
    assert 'id="board-clock"' in html


def test_the_poster_warns_before_printing_an_address_phones_cannot_open(client, committee_a, settings):
    settings.PUBLIC_BASE_URL = ""
    html = client.get(reverse("board:poster", args=[committee_a.code])).content.decode()
    assert "PUBLIC_BASE_URL" in html
    assert "请先不要打印" in html
    settings.PUBLIC_BASE_URL = "https://jwh.example.gov.cn"
    html = client.get(reverse("board:poster", args=[committee_a.code])).content.decode()
    assert "请先不要打印" not in html
    assert "https://jwh.example.gov.cn/board/AA01/" in html


@pytest.mark.parametrize("value", ["", "http://127.0.0.1:8000", "http://localhost", "jwh.example.gov.cn"])
def test_the_deploy_check_warns_when_public_base_url_is_unset_or_local(settings, value):
    settings.PUBLIC_BASE_URL = value
    assert [w.id for w in public_base_url_set()] == ["office.W001"]


def test_the_deploy_check_is_quiet_with_a_public_address(settings):
    settings.PUBLIC_BASE_URL = "https://jwh.example.gov.cn"
    assert public_base_url_set() == []


def test_the_check_runs_with_deploy_only(settings):
    settings.PUBLIC_BASE_URL = ""
    call_command("check", "--fail-level", "WARNING", "--tag", "urls")  # not a deploy run: quiet
    with pytest.raises(SystemCheckError, match="office.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "urls")
