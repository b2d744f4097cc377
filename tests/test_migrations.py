import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_three_role_groups_exist_with_permissions():
    from django.contrib.auth.models import Group

    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(groups) >= {"reception", "director", "street_admin"}
    reception = {p.codename for p in groups["reception"].permissions.all()}
    assert "add_visit" in reception and "delete_visit" not in reception
    assert "change_serviceitem" in {p.codename for p in groups["street_admin"].permissions.all()}
    assert not any(
        p.codename.startswith("delete_") and p.codename != "delete_dutyassignment"
        for p in groups["director"].permissions.all()
    )
