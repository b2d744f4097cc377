"""岗位与片区: a director keeps their committee's A/B posts, shift templates and grid areas,
with each record's history; desk workers read them; nobody reaches another committee's."""

import datetime as dt

import pytest
from django.urls import reverse

from committee.models import GridArea
from committee.roles import Role
from staffing.choices import PostKind
from staffing.models import DutyAssignment, Post, ShiftTemplate

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts_a(committee_a, line_civil, worker_a, director_a, colleague_a):
    factories.posts(committee_a, line_civil, worker_a, director_a)
    return Post.objects.filter(committee=committee_a)


def test_the_director_moves_the_a_post_and_the_history_says_who_from_whom(
    client_of, committee_a, line_civil, worker_a, colleague_a, posts_a, director_a
):
    post = posts_a.get(kind=PostKind.A)
    client = client_of(director_a)
    response = client.post(
        reverse("staffing:post-edit", args=[post.pk]), {"line": line_civil.pk, "kind": "A", "worker": colleague_a.pk}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.worker == colleague_a and post.kind == PostKind.A
    page = client.get(reverse("staffing:post-edit", args=[post.pk])).content.decode()
    assert "工作人员：张敏 → 刘芳" in page and "王主任" in page  # who did it
    assert [row.kind for row in post.history.all()] == ["A", "A"]  # never A → B → A on the way
    setup = client.get(reverse("staffing:setup")).content.decode()
    assert "刘芳" in setup and reverse("staffing:post-edit", args=[post.pk]) in setup


def test_a_new_a_post_makes_the_former_holder_the_b_post(
    client_of, committee_a, line_civil, worker_a, colleague_a, posts_a, director_a
):
    client_of(director_a).post(
        reverse("staffing:post-add"), {"line": line_civil.pk, "kind": "A", "worker": colleague_a.pk}
    )
    kinds = dict(Post.objects.filter(committee=committee_a).values_list("worker__display_name", "kind"))
    assert kinds == {"刘芳": "A", "张敏": "B", "王主任": "B"}
    former = Post.objects.get(worker=worker_a)
    assert former.history.count() == 2  # demoted by a save, so it shows in its history


def test_two_posts_for_one_worker_on_a_line_is_a_message(client_of, line_civil, worker_a, posts_a, director_a):
    post = posts_a.get(kind=PostKind.B)  # the director's
    response = client_of(director_a).post(
        reverse("staffing:post-edit", args=[post.pk]), {"line": line_civil.pk, "kind": "B", "worker": worker_a.pk}
    )
    assert response.status_code == 400
    assert "已在民政条线上有岗位" in response.content.decode()


def test_desk_workers_read_the_setup_but_change_nothing(client_of, worker_a, posts_a, committee_a):
    factories.shifts(committee_a)
    client = client_of(worker_a)
    page = client.get(reverse("staffing:setup")).content.decode()
    assert "民政" in page and "早班" in page
    assert reverse("staffing:post-add") not in page
    post = posts_a.first()
    assert client.get(reverse("staffing:post-edit", args=[post.pk])).status_code == 403
    assert client.post(reverse("staffing:shift-add"), {"name": "夜班"}).status_code == 403


def test_another_committees_director_reaches_none_of_it(client_of, committee_a, committee_b, posts_a, worker_b):
    director_b = factories.worker(committee_b, role=Role.DIRECTOR, username="director-b", name="乙主任")
    shift = factories.shifts(committee_a)[0]
    area = factories.grid_area(committee_a)
    client = client_of(director_b)
    for name, pk in (("post-edit", posts_a.first().pk), ("shift-edit", shift.pk), ("grid-area-edit", area.pk)):
        assert client.get(reverse(f"staffing:{name}", args=[pk])).status_code == 404
    assert "张敏" not in client.get(reverse("staffing:setup")).content.decode()
    # Nor can they name A's workers in their own committee's post.
    response = client.post(
        reverse("staffing:post-add"),
        {"line": posts_a.first().line_id, "kind": "A", "worker": posts_a.first().worker_id},
    )
    assert response.status_code == 400 and not Post.objects.filter(committee=committee_b).exists()


def test_a_shift_template_is_added_and_a_bad_one_keeps_the_input(client_of, director_a, committee_a):
    factories.shifts(committee_a)
    client = client_of(director_a)
    bad = client.post(
        reverse("staffing:shift-add"),
        {
            "name": "夜班",
            "start": "20:00",
            "end": "18:00",
            "on_working_days": "on",
            "min_staff": 1,
            "order": 4,
            "active": "on",
        },
    )
    assert bad.status_code == 400
    assert "结束时间必须晚于开始时间" in bad.content.decode() and 'value="夜班"' in bad.content.decode()
    duplicate = client.post(
        reverse("staffing:shift-add"),
        {"name": "早班", "start": "07:00", "end": "09:00", "on_working_days": "on", "min_staff": 1, "order": 4},
    )
    assert duplicate.status_code == 400 and "同名" in duplicate.content.decode()
    client.post(
        reverse("staffing:shift-add"),
        {
            "name": "午班",
            "start": "11:00",
            "end": "14:00",
            "on_weekends": "on",
            "min_staff": 1,
            "order": 4,
            "active": "on",
        },
    )
    added = ShiftTemplate.objects.get(committee=committee_a, name="午班")
    assert added.start == dt.time(11) and added.on_weekends and not added.on_working_days


def test_retiring_a_shift_keeps_it_and_its_history(client_of, director_a, committee_a):
    early = factories.shifts(committee_a)[0]
    client = client_of(director_a)
    client.post(
        reverse("staffing:shift-edit", args=[early.pk]),
        {"name": "早班", "start": "08:00", "end": "16:00", "on_working_days": "on", "min_staff": 3, "order": 1},
    )
    early.refresh_from_db()
    assert not early.active and early.min_staff == 3
    page = client.get(reverse("staffing:shift-edit", args=[early.pk])).content.decode()
    assert "启用：是 → 否" in page and "最少人数：2 → 3" in page


def test_the_director_sets_a_grid_areas_responsible_worker_and_public_phone(
    client_of, director_a, worker_a, committee_a, worker_b
):
    area = factories.grid_area(committee_a, name="第一片区")
    client = client_of(director_a)
    wrong = client.post(
        reverse("staffing:grid-area-edit", args=[area.pk]),
        {"name": "第一片区", "responsible": worker_b.user_id, "public_phone": "021-1234"},
    )
    assert wrong.status_code == 400  # a worker of another committee is not offered
    bad_phone = client.post(
        reverse("staffing:grid-area-edit", args=[area.pk]),
        {"name": "第一片区", "responsible": worker_a.user_id, "public_phone": "<script>"},
    )
    assert bad_phone.status_code == 400 and "请填写手机或座机号码" in bad_phone.content.decode()
    unallocated = client.post(
        reverse("staffing:grid-area-edit", args=[area.pk]),
        {"name": "第一片区", "responsible": worker_a.user_id, "public_phone": "164 1234 5678"},
    )
    assert unallocated.status_code == 400 and "手机号段 164 未启用" in unallocated.content.decode()
    client.post(
        reverse("staffing:grid-area-edit", args=[area.pk]),
        {
            "name": "第一片区",
            "buildings": "1–5号楼",
            "responsible": worker_a.user_id,
            "public_phone": "021-65551234转8001",
            "active": "on",
        },
    )
    area.refresh_from_db()
    assert area.responsible == worker_a.user and area.public_phone == "021-6555 1234 转 8001"  # as posted
    page = client.get(reverse("staffing:grid-area-edit", args=[area.pk])).content.decode()
    assert "包干责任人：— → 张敏" in page
    client.post(reverse("staffing:grid-area-add"), {"name": "第二片区", "active": "on"})
    assert GridArea.objects.filter(committee=committee_a, name="第二片区").exists()


def test_the_setup_and_an_edit_page_cost_the_same_whatever_the_size(
    client_of, director_a, committee_a, line_civil, worker_a, django_assert_max_num_queries
):
    factories.shifts(committee_a)
    people = [factories.worker(committee_a, name=f"同事{n}") for n in range(6)]
    for n, person in enumerate(people):
        factories.grid_area(committee_a, responsible=person, name=f"第{n}片区")
        factories.posts(committee_a, factories.line(code=f"l{n}", name=f"条线{n}"), person, worker_a)
    area = factories.grid_area(committee_a, responsible=worker_a, name="多次修改的片区")
    client = client_of(director_a)
    for person in people:
        client.post(
            reverse("staffing:grid-area-edit", args=[area.pk]),
            {"name": area.name, "responsible": person.user_id, "public_phone": "021-65551234", "active": "on"},
        )
    with django_assert_max_num_queries(14):
        assert client.get(reverse("staffing:setup")).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(reverse("staffing:grid-area-edit", args=[area.pk])).content.decode()
    assert "包干责任人：同事4 → 同事5" in page


def test_a_shift_already_served_keeps_its_hours(client_of, director_a, worker_a, committee_a):
    early = factories.shifts(committee_a)[0]
    served = DutyAssignment.objects.create(
        committee=committee_a, date=dt.date(2026, 11, 2), shift=early, worker=worker_a
    )
    hours = (early.start, early.end)
    response = client_of(director_a).post(
        reverse("staffing:shift-edit", args=[early.pk]),
        {
            "name": "早班",
            "start": "07:00",
            "end": "15:00",
            "on_working_days": "on",
            "active": "on",
            "min_staff": 2,
            "order": 1,
        },
    )
    assert response.status_code == 400 and "请停用它，再新建一个班次" in response.content.decode()
    served.shift.refresh_from_db()
    assert (served.shift.start, served.shift.end) == hours
