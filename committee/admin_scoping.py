"""Admin scoped like every other page: a street-office admin sees the committees of their
street office, a superuser everything. One mixin, used by every ModelAdmin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import Http404

from .scoping import ScopedQuerySet, visible_committee_ids


def scoped(queryset, user):
    """`queryset` limited to what `user` may see, when its model is committee-scoped."""
    if isinstance(queryset, ScopedQuerySet):
        return queryset.visible_to(user)
    if queryset.model is get_user_model() and visible_committee_ids(user) is not None:
        # Logins belong to the street office of their worker profile.
        worker = getattr(user, "worker", None)
        if worker is None:
            return queryset.none()
        return queryset.filter(worker__street_office_id=worker.street_office_id)
    return queryset


class ScopedAdminMixin:
    """Lists, change pages, autocompletes and every foreign-key choice scoped to the user.
    Nothing users entered is deleted here: records are voided in the app instead."""

    deletable = False

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    # simple-history's history pages fall back to the historical rows when the object is
    # not in get_queryset(); without these checks they would show any committee's history.
    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def _require_visible(self, request, object_id):
        from django.contrib.admin.utils import unquote

        object_id = unquote(object_id)
        if self.get_queryset(request).filter(pk=object_id).exists():
            return
        ids = visible_committee_ids(request.user)
        history = getattr(self.model, "history", None)
        if ids is None or history is None:
            if ids is None:
                return
            raise Http404
        last = history.filter(**{self.model._meta.pk.attname: object_id}).order_by("-history_date").first()
        # A removed row (e.g. a duty taken off a roster) stays readable by its own committee.
        if last is None or getattr(last, "committee_id", None) not in ids:
            raise Http404

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.deletable:
            actions.pop("delete_selected", None)
        return actions


class ReadOnlyAdminMixin:
    """Records written only through the app's services: readable in admin, not editable."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScopedInline(ScopedAdminMixin, admin.TabularInline):
    extra = 0
