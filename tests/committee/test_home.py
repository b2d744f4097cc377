import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_page_is_in_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "工作人员登录" in response.content.decode()
    assert '<label for="id_username">' in response.content.decode()


@pytest.mark.parametrize(
    "persona, home",
    [("worker_a", "reception:home"), ("director_a", "office:dashboard"), ("street_admin_a", "office:street")],
)
def test_each_role_lands_on_its_home_page(request, client_of, persona, home):
    client = client_of(request.getfixturevalue(persona))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(home)
    assert client.get(reverse(home)).status_code == 200


def test_a_user_without_a_worker_profile_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user(username="loose", password="x")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 403
    assert "未分配角色" in response.content.decode()


@pytest.mark.parametrize(
    "persona, forbidden",
    [
        ("worker_a", "office:dashboard"),
        ("worker_a", "office:street"),
        ("worker_a", "staffing:worker-list"),
        ("director_a", "office:street"),
        ("street_admin_a", "reception:home"),
        ("street_admin_a", "casework:my-cases"),
    ],
)
def test_pages_of_other_roles_are_refused(request, client_of, persona, forbidden):
    client = client_of(request.getfixturevalue(persona))
    assert client.get(reverse(forbidden)).status_code == 403


def test_the_language_switch_shows_english(client_of, worker_a):
    client = client_of(worker_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("reception:home")})
    assert response.status_code == 302
    page = client.get(reverse("reception:home")).content.decode()
    assert 'lang="en"' in page


def test_the_login_form_reports_bad_credentials(client, worker_a):
    response = client.post(reverse("login"), {"username": "worker-a", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert 'value="worker-a"' in response.content.decode()


def test_chinese_is_the_default_whatever_the_browser_asks(client_of, worker_a):
    client = client_of(worker_a)
    page = client.get(reverse("reception:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-CN"' in page and "前台接待" in page
