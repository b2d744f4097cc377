"""The register in admin, through the scoped admin every app uses. People and households
are written in the app (register.services); here they are read, ID numbers masked only and
phones masked. Directors' own care tags may be added here too."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committee.admin import ReadOnlyAdminMixin, ScopedAdminMixin

from .choices import SENSITIVE_MASK
from .models import CareTag, Household, Membership, Person, PersonPhone, PersonTag, SensitiveTagView

RelatedOnly = admin.RelatedOnlyFieldListFilter


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "grid_area", "status", "committee"]
    list_filter = ["status", ("committee", RelatedOnly)]
    search_fields = ["address_key", "building", "room"]
    list_select_related = ["committee", "grid_area"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "sex", "birth_date", "id_number_masked", "residence_status", "status", "committee"]
    list_filter = ["status", "residence_status", ("committee", RelatedOnly)]
    search_fields = ["name"]
    list_select_related = ["committee"]
    exclude = ["id_number_encrypted", "id_number_digest"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    committee_lookup = "household__committee"
    list_display = ["household", "person", "relation", "started_on", "ended_on"]
    list_select_related = ["household", "person"]


@admin.register(PersonPhone)
class PersonPhoneAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    committee_lookup = "person__committee"
    list_display = ["person", "masked", "kind", "ended_on"]
    list_select_related = ["person"]
    exclude = ["number"]


@admin.register(CareTag)
class CareTagAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "committee", "sensitive", "active"]
    list_filter = ["sensitive", "active"]


@admin.register(PersonTag)
class PersonTagAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Read only, and listing sensitive tags by name here would bypass the masking rule:
    only the tags' holders and dates are shown, never which tag for a sensitive one."""

    committee_lookup = "person__committee"
    list_display = ["person", "tag_shown", "set_at", "ended_on"]
    list_select_related = ["person", "tag"]
    exclude = ["tag", "reason"]

    @admin.display(description="标签")
    def tag_shown(self, person_tag):
        return SENSITIVE_MASK if person_tag.tag.sensitive else person_tag.tag.name


@admin.register(SensitiveTagView)
class SensitiveTagViewAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    committee_lookup = "person__committee"
    list_display = ["at", "viewer", "person"]
    list_select_related = ["viewer", "person"]
    date_hierarchy = "at"
