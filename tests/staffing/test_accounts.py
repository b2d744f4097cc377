"""Nobody acts as someone else: no admin sets another person's password; a set-password
link is shown once, works once, for a day; every change to a login by someone else is in
the security log and told to the worker and their director; a full-ID showing says when the
password signed in with was not the person's own choice alone."""

import datetime as dt
import logging
import re

import pytest
from django.urls import reverse

from casework.models import Notification
from committee.roles import Role
from reception.choices import Outcome
from reception.services import id_number_reveal, visit_record
from staffing.choices import AccountChangeKind as K
from staffing.models import AccountChange, Worker

from .. import factories

pytestmark = pytest.mark.django_db
LINK = re.compile(r'value="(https?://[^"]+/staff/set-password/[^"]+)"')
NEW_PASSWORD = "Tiao-Xiang-2026!"


def issue_link(client, worker) -> str:
    response = client.post(reverse("admin:staffing_worker_password_link", args=[worker.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store")
    return LINK.search(response.content.decode()).group(1)


def set_password(client, link, password=NEW_PASSWORD):
    """Open a link and set a password through it, as the person holding it would."""
    client.logout()
    form = client.get(link, follow=True)
    if not form.context["validlink"]:
        return form
    return client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def password_works(worker, password) -> bool:
    worker.user.refresh_from_db()
    return worker.user.check_password(password)


def told(worker) -> list[str]:
    return list(Notification.objects.filter(recipient=worker).values_list("text", flat=True))


# --- no admin sets another person's password -----------------------------------------------


def test_a_street_admin_cannot_set_a_directors_password(client_of, street_admin_a, director_a, caplog):
    client = client_of(street_admin_a)
    url = reverse("admin:auth_user_password_change", args=[director_a.user.pk])
    assert client.get(url).status_code == 403
    with caplog.at_level(logging.WARNING, logger="juweihui.security"):
        response = client.post(url, {"password1": "Taken-Over-123", "password2": "Taken-Over-123"})
    assert response.status_code == 403
    assert password_works(director_a, "pw-for-tests")
    assert "refused" in caplog.text and "reason=password" in caplog.text


def test_the_login_page_in_admin_offers_street_admins_no_password_form(client_of, street_admin_a, director_a):
    page = client_of(street_admin_a).get(reverse("admin:auth_user_change", args=[director_a.user.pk]))
    assert page.status_code == 200
    assert "../password/" not in page.content.decode() and 'name="password"' not in page.content.decode()


def test_a_new_worker_has_no_password_until_they_set_one_through_the_link(
    client, client_of, street_admin_a, committee_a, director_a
):
    admin_client = client_of(street_admin_a)
    response = admin_client.post(
        reverse("admin:staffing_worker_add"),
        {
            "username": "new-director",
            "email": "",
            "display_name": "赵新",
            "role": Role.DIRECTOR,
            "street_office": committee_a.street_office_id,
            "committee": committee_a.pk,
            "phone": "",
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    link = LINK.search(response.content.decode()).group(1)
    newcomer = Worker.objects.get(user__username="new-director")
    assert not newcomer.user.has_usable_password()
    # The committee's director hears that a second director was made, and by whom.
    assert any("赵新" in text and "新建" in text for text in told(director_a))

    assert set_password(client, link).status_code == 302
    assert password_works(newcomer, NEW_PASSWORD)
    assert not set_password(client, link, "Another-Pass-987").context["validlink"]  # once only
    change = newcomer.account_changes.get(kind=K.PASSWORD_SET)
    assert change.link.by == street_admin_a.user
    assert any("链接设置" in text for text in told(director_a))


def test_issuing_a_link_stops_the_old_password_and_signs_the_worker_out(client, client_of, street_admin_a, worker_a):
    from django.test import Client

    worker_session = Client()
    worker_session.force_login(worker_a.user)
    assert worker_session.get(reverse("staffing:my-duty")).status_code == 200
    issue_link(client_of(street_admin_a), worker_a)
    assert not password_works(worker_a, "pw-for-tests")
    assert worker_session.get(reverse("staffing:my-duty")).status_code == 302  # to the login page


def test_a_link_works_for_a_day(client, client_of, street_admin_a, worker_a, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    link = issue_link(client_of(street_admin_a), worker_a)
    time_machine.move_to(dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.UTC), tick=False)
    assert not set_password(client, link).context["validlink"]


def test_a_new_link_ends_the_one_before(client, client_of, street_admin_a, worker_a):
    admin_client = client_of(street_admin_a)
    first = issue_link(admin_client, worker_a)
    issue_link(admin_client, worker_a)
    assert not set_password(client, first).context["validlink"]


def test_a_street_admin_manages_only_the_workers_of_their_street_office(client_of, street_admin_a, worker_b):
    client = client_of(street_admin_a)
    assert client.get(reverse("admin:staffing_worker_password_link", args=[worker_b.pk])).status_code == 404
    assert client.post(reverse("admin:staffing_worker_password_link", args=[worker_b.pk])).status_code == 404
    assert client.get("/admin/staffing/worker/not-a-number/password-link/").status_code == 404
    assert worker_b.user.has_usable_password() and not worker_b.account_changes.filter(kind=K.LINK_ISSUED).exists()


# --- changes by someone else are logged and told ----------------------------------------------


def test_a_role_change_in_admin_is_logged_and_told(client_of, street_admin_a, worker_a, director_a, caplog):
    client = client_of(street_admin_a)
    url = reverse("admin:staffing_worker_change", args=[worker_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(
        {
            "role": Role.DIRECTOR,
            "committee": worker_a.committee_id,
            "street_office": worker_a.street_office_id,
            "active": "on",
            **management_forms(client.get(url)),
        }
    )
    with caplog.at_level(logging.INFO, logger="juweihui.security"):
        assert client.post(url, data).status_code == 302
    change = worker_a.account_changes.get(kind=K.ROLE_CHANGED)
    assert (change.by, change.old_value, change.new_value) == (street_admin_a.user, Role.RECEPTION, Role.DIRECTOR)
    assert f"account role_changed worker={worker_a.pk}" in caplog.text and f"by={street_admin_a.user_id}" in caplog.text
    assert any("角色" in text for text in told(worker_a)) and any("角色" in text for text in told(director_a))


def management_forms(page) -> dict:
    """The inline formsets' management fields of an admin change page, unchanged."""
    data = {}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial) or 0
    return data


def test_deactivating_a_login_is_logged_and_told(client_of, street_admin_a, worker_a, director_a):
    client = client_of(street_admin_a)
    url = reverse("admin:auth_user_change", args=[worker_a.user.pk])
    form = client.get(url).context["adminform"].form
    data = {
        "username": worker_a.user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"),
    }  # is_active left out: unchecked
    assert client.post(url, data).status_code == 302
    assert worker_a.account_changes.filter(kind=K.DEACTIVATED, by=street_admin_a.user).exists()
    assert any("停用" in text for text in told(director_a))


def test_a_superuser_may_set_a_password_and_it_is_recorded_and_told(client, worker_a, director_a):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="root-pass-123")
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[worker_a.user.pk])
    response = client.post(
        url, {"password1": "Set-By-Root-42", "password2": "Set-By-Root-42", "usable_password": "true"}
    )
    assert response.status_code == 302
    assert worker_a.account_changes.filter(kind=K.PASSWORD_CHANGED, by=root).exists()
    assert told(worker_a) and told(director_a)


def test_changing_ones_own_password_is_recorded_and_told_to_nobody(client_of, worker_a, director_a):
    client = client_of(worker_a)
    response = client.post(
        reverse("staffing:account"),
        {"old_password": "pw-for-tests", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("staffing:my-duty")).status_code == 200  # still signed in here
    assert worker_a.account_changes.filter(kind=K.PASSWORD_CHANGED, by=worker_a.user).exists()
    assert told(worker_a) == told(director_a) == []


def test_a_wrong_old_password_changes_nothing(client_of, worker_a):
    response = client_of(worker_a).post(
        reverse("staffing:account"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert password_works(worker_a, "pw-for-tests")


# --- a full-ID showing names who could have been signed in ------------------------------------


def test_a_full_id_showing_records_a_password_someone_else_could_know(client, client_of, street_admin_a, director_a):
    visit = visit_record(
        committee=director_a.committee,
        received_by=director_a,
        resident_name="赵居民",
        id_number="11010519491231002X",
        outcome=Outcome.CONSULTATION,
    )
    # The street admin issues a link for the director and uses it: signed in as the director.
    set_password(client, issue_link(client_of(street_admin_a), director_a), "Not-The-Directors-1")
    signed_in = client.post(reverse("login"), {"username": director_a.user.username, "password": "Not-The-Directors-1"})
    assert signed_in.status_code == 302
    client.post(reverse("reception:reveal-id", args=[visit.pk]), {"reason": "核对材料"})
    access = visit.id_number_accesses.get()
    assert access.worker == director_a
    assert access.password_set_through.link.by == street_admin_a.user
    page = client.get(reverse("reception:reveal-id", args=[visit.pk])).content.decode()
    assert "由他人签发的链接或管理员设置" in page
    # Once the director chooses their own password, showings carry no such mark.
    client.post(
        reverse("staffing:account"),
        {"old_password": "Not-The-Directors-1", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    director_a.refresh_from_db()
    id_number_reveal(visit=visit, by=director_a, reason="再次核对")
    assert visit.id_number_accesses.order_by("-pk").first().password_set_through is None


def test_the_account_page_lists_changes_and_flags_a_password_set_by_someone_else(
    client, client_of, street_admin_a, worker_a
):
    set_password(client, issue_link(client_of(street_admin_a), worker_a))
    worker_a.user.refresh_from_db()  # the session's hash is of the new password
    page = client_of(worker_a).get(reverse("staffing:account"))
    assert page.status_code == 200, page
    page = page.content.decode()
    assert "请修改为只有您自己知道的密码" in page
    assert AccountChange.objects.filter(worker=worker_a).count() == 3  # created, link issued, password set
    assert page.count("<tr>") == 1 + 3


def test_a_worker_renews_their_feed_address_and_the_old_one_stops(client, client_of, worker_a):
    old = reverse("staffing:feed", args=[worker_a.feed_token])
    assert client.get(old).status_code == 200
    assert client_of(worker_a).post(reverse("staffing:feed-rotate")).status_code == 302
    worker_a.refresh_from_db()
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(reverse("staffing:feed", args=[worker_a.feed_token])).status_code == 200
    assert worker_a.account_changes.filter(kind=K.FEED_ROTATED).exists()


def test_nobody_else_can_renew_a_workers_feed(client_of, director_a, worker_a):
    token = worker_a.feed_token
    client_of(director_a).post(reverse("staffing:feed-rotate"))
    worker_a.refresh_from_db()
    assert worker_a.feed_token == token


def test_a_management_command_creation_tells_nobody(committee_a, director_a):
    newcomer = factories.worker(committee_a, name="钱多")
    assert newcomer.account_changes.get().kind == K.CREATED
    assert told(director_a) == []
