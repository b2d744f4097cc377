"""An old resident gives her 座机 at the desk: typed as she reads it, it finds her earlier
visit and is recorded; an unallocated mobile is refused with the reason, nothing lost —
on a desktop and on a 390-px phone."""

import pytest
from playwright.sync_api import expect

from reception.choices import Outcome
from reception.models import Visit
from reception.services import visit_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_a_landline_finds_the_resident_and_is_recorded(request, viewport, login, worker_a, committee_a):
    page = request.getfixturevalue(viewport)
    earlier = visit_record(
        committee=committee_a,
        received_by=worker_a,
        resident_name="孙老伯",
        resident_phone="021-6555 1234",
        outcome=Outcome.CONSULTATION,
    )
    login(page, worker_a)
    page.get_by_label("居民姓名").fill("孙老伯")
    page.get_by_label("联系电话").fill("１６４ １２３４ ５６７８")  # full-width, and no operator has 164
    page.get_by_label("联系电话").press("Tab")
    page.get_by_role("radio", name="咨询解答").check()
    page.get_by_label("接待记录").fill("询问老年卡")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("手机号段 164 未启用")).to_be_visible()
    expect(page.get_by_label("接待记录")).to_have_value("询问老年卡")

    page.get_by_label("联系电话").fill("(021) 6555 1234")
    page.get_by_label("联系电话").press("Tab")  # leaving the phone field fires the look-up
    expect(page.locator("#resident-history")).to_contain_text(earlier.reference)
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记")).to_be_visible()
    assert Visit.objects.exclude(pk=earlier.pk).get().resident_phone == "+862165551234"
