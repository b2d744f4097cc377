"""The register's pages for committee workers: households per committee, a household with
its members, a person with their tags (sensitive ones masked unless register.access allows,
every full view recorded), the forms that add and change them, and care tags. Thin: reads
through register.selectors, writes through register.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committee.access import COMMITTEE_ROLES, current_committee, role_required
from committee.models import GridArea
from committee.roles import Role
from committee.scoping import user_role
from utilities.exports import csv_download, export_title, xlsx_download
from utilities.formerrors import add_service_errors
from utilities.paging import CappedPaginator

from . import importing, selectors, services
from .access import may_tag, sensitive_view_record, sensitive_views_record
from .choices import HouseholdStatus, ImportStatus, PersonStatus
from .forms import (
    CareTagForm,
    GridFilterForm,
    HouseholdFilterForm,
    HouseholdForm,
    ImportMappingForm,
    ImportUploadForm,
    PersonAddForm,
    PersonForm,
    PersonLeaveForm,
    PersonReturnForm,
    PersonTagEndForm,
    PersonTagForm,
)
from .models import CareTag, Household, ImportBatch, Person, PersonTag, SensitiveTagView
from .spreadsheets import SpreadsheetError

PAGE_SIZE = 50
SENSITIVE_VIEWS_SHOWN = 10  # the latest full views on a person's page; the whole log has its own
# The register's pages are read by the committee's workers and by its street office's
# admins (sensitive tags masked for them); only the committee's workers change it.
READ_ROLES = (*COMMITTEE_ROLES, Role.STREET_ADMIN)


def _form_page(request, form, *, title: str, back: str):
    """The register's one-form page: a form with errors answers 400, what was typed kept."""
    context = {"form": form, "title": title, "back": back}
    return render(request, "register/form.html", context, status=400 if form.errors else 200)


def _may_edit(request) -> bool:
    return user_role(request.user) in COMMITTEE_ROLES


@role_required(*READ_ROLES)
def household_list(request):
    committee = current_committee(request)
    areas = GridArea.objects.visible_to(request.user).filter(committee=committee)
    form = HouseholdFilterForm(
        request.GET or None, areas=areas, tags=selectors.tag_choices(user=request.user, committee=committee)
    )
    params = form.cleaned_data if form.is_valid() else {"status": "active"}
    households = selectors.household_list(
        user=request.user,
        grid_area=params.get("grid_area", ""),
        tag=params.get("tag", ""),
        status=params.get("status", ""),
    )
    page = CappedPaginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "may_edit": _may_edit(request)}
    return render(request, "register/household_list.html", context)


@role_required(*READ_ROLES)
def household_detail(request, pk):
    household = get_object_or_404(Household.objects.visible_to(request.user).select_related("grid_area"), pk=pk)
    context = {
        "household": household,
        "members": selectors.household_members(household),
        "may_edit": _may_edit(request),
    }
    return render(request, "register/household_detail.html", context)


@role_required(*COMMITTEE_ROLES)
def household_edit(request, pk=None):
    committee = current_committee(request)
    household = get_object_or_404(Household.objects.visible_to(request.user), pk=pk) if pk else None
    form = HouseholdForm(
        request.POST or None, instance=household or Household(committee=committee), committee=committee
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.household_save(household=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存：%(address)s") % {"address": saved.address})
            return redirect(saved)
    title = _("修改户信息") if household else _("登记新户")
    return _form_page(request, form, title=title, back=reverse("register:household-list"))


@role_required(*COMMITTEE_ROLES)
def person_add(request, household):
    household = get_object_or_404(Household.objects.visible_to(request.user), pk=household)
    form = PersonAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, created = services.person_register_in_household(
                household=household,
                relation=data["relation"],
                move=data["move"],
                name=data["name"],
                id_number=data["id_number"],
                phones=form.phone_list(),
                sex=data["sex"],
                birth_date=data["birth_date"],
                residence_status=data["residence_status"],
                moved_in_on=data["moved_in_on"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(request, _("已登记 %(name)s。") % {"name": person.name})
            else:
                messages.info(
                    request,
                    _("%(name)s 已在册（同一身份证号或姓名加电话），未重复登记，现在本户。") % {"name": person.name},
                )
            return redirect(household)
    title = _("登记居民：%(address)s") % {"address": household.address}
    return _form_page(request, form, title=title, back=household.get_absolute_url())


@role_required(*COMMITTEE_ROLES)
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user).current(), pk=pk)
    initial = {
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "residence_status": person.residence_status,
        "moved_in_on": person.moved_in_on,
        "notes": person.notes,
        "phones": "\n".join(person.phones.filter(ended_on__isnull=True).values_list("number", flat=True)),
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                person=person,
                name=data["name"],
                sex=data["sex"],
                birth_date=data["birth_date"],
                residence_status=data["residence_status"],
                moved_in_on=data["moved_in_on"],
                notes=data["notes"],
                id_number=data["id_number"],
                phones=form.phone_list(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect(person)
    title = _("修改居民信息：%(name)s") % {"name": person.name}
    return _form_page(request, form, title=title, back=person.get_absolute_url())


@role_required(*READ_ROLES)
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("merged_into"), pk=pk)
    tags = selectors.person_tags(user=request.user, person=person)
    if tags.full and tags.has_sensitive:
        sensitive_view_record(viewer=request.user, person=person)  # every full view, PIPL art. 28
    context = {
        "person": person,
        "tags": tags,
        "membership": selectors.person_household(person),
        "phones": person.phones.filter(ended_on__isnull=True),
        "may_tag": person.is_active and may_tag(request.user, person),
        "may_edit": _may_edit(request) and person.status != "merged",
        "leave_form": PersonLeaveForm() if person.is_active and _may_edit(request) else None,
        "return_form": (
            PersonReturnForm(committee=person.committee)
            if person.status == PersonStatus.MOVED_OUT and _may_edit(request)
            else None
        ),
        "sensitive_views": (
            person.sensitive_views.select_related("viewer__worker")[:SENSITIVE_VIEWS_SHOWN]
            if user_role(request.user) == Role.DIRECTOR
            else None
        ),
        "end_form": PersonTagEndForm(),
        "merge_candidates": (
            selectors.merge_candidates(person)
            if person.status != "merged" and user_role(request.user) == Role.DIRECTOR
            else []
        ),
    }
    return render(request, "register/person_detail.html", context)


@require_POST
@role_required(*COMMITTEE_ROLES)
def person_leave(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = PersonLeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择办理类型并填写日期。"))
        return redirect(person)
    try:
        services.person_leave(person=person, status=form.cleaned_data["status"], on=form.cleaned_data["on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已办理。"))
    return redirect(person)


@role_required(*COMMITTEE_ROLES)
def person_return(request, pk):
    """迁回: a moved-out person back at an address of the committee."""
    person = get_object_or_404(Person.objects.visible_to(request.user).filter(status=PersonStatus.MOVED_OUT), pk=pk)
    form = PersonReturnForm(request.POST or None, committee=person.committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_return(
                person=person,
                on=data["on"],
                relation=data["relation"],
                grid_area=data["grid_area"],
                building=data["building"],
                unit=data["unit"],
                room=data["room"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            address = selectors.person_household(person).household.address
            messages.success(request, _("已办理迁回：%(address)s") % {"address": address})
            return redirect(person)
    title = _("办理迁回：%(name)s") % {"name": person.name}
    return _form_page(request, form, title=title, back=person.get_absolute_url())


@role_required(Role.DIRECTOR)
def sensitive_views(request):
    """The director's log of every full view of sensitive tags in the committee (PIPL art. 28)."""
    views = (
        SensitiveTagView.objects.visible_to(request.user)
        .select_related("person", "viewer__worker")
        .order_by("-at", "-pk")
    )
    page = CappedPaginator(views, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "register/sensitive_views.html", {"page": page})


@role_required(*COMMITTEE_ROLES)
def tag_add(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user).active(), pk=pk)
    if not may_tag(request.user, person):
        raise PermissionDenied
    form = PersonTagForm(request.POST or None, committee=person.committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_tag_add(
                person=person, tag=form.cleaned_data["tag"], by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已设置标签。"))
            return redirect(person)
    title = _("设置标签：%(name)s") % {"name": person.name}
    return _form_page(request, form, title=title, back=person.get_absolute_url())


@require_POST
@role_required(*COMMITTEE_ROLES)
def tag_end(request, pk):
    person_tag = get_object_or_404(PersonTag.objects.visible_to(request.user).select_related("person"), pk=pk)
    form = PersonTagEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明结束原因。"))
        return redirect(person_tag.person)
    try:
        services.person_tag_end(person_tag=person_tag, by=request.user, reason=form.cleaned_data["end_reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("标签已结束，记录保留。"))
    return redirect(person_tag.person)


@role_required(Role.DIRECTOR)
def care_tags(request):
    committee = current_committee(request)
    form = CareTagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_tag_create(committee=committee, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已添加标签。"))
            return redirect("register:care-tags")
    tags = CareTag.objects.for_committee(committee).order_by("committee", "name")
    return render(request, "register/care_tags.html", {"form": form, "tags": tags}, status=400 if form.errors else 200)


@require_POST
@role_required(Role.DIRECTOR)
def person_merge(request, pk):
    """The director merges a duplicate into this record (register.services.person_merge)."""
    people = Person.objects.visible_to(request.user)
    keep = get_object_or_404(people, pk=pk)
    duplicate_pk = request.POST.get("duplicate", "")
    duplicate = (
        people.filter(pk=int(duplicate_pk)).first() if duplicate_pk.isdigit() and len(duplicate_pk) < 18 else None
    )
    if duplicate is None:
        messages.error(request, _("请选择要合并的重复记录。"))
        return redirect(keep)
    try:
        services.person_merge(keep=keep, duplicate=duplicate, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已合并，重复记录保留并指向本记录。"))
    return redirect(keep)


# --- the grid worker's households (我的片区), the printed roll, the director's counts -------------

GRID_PAGE_SIZE = 30


def _grid(request):
    """What the grid list and its printed roll share: the filter form, the grid areas
    chosen (by default those the user answers for; a director's, all) and their households."""
    committee = current_committee(request)
    user = request.user
    areas = list(selectors.grid_areas_of(user=user, committee=committee))
    is_director = user_role(user) == Role.DIRECTOR
    mine = [area for area in areas if area.responsible_id == user.pk]
    wanted = request.GET.get("area", "")
    if wanted and wanted not in {str(area.pk) for area in areas}:
        raise Http404  # another committee's grid area (or none): as any record out of scope
    form = GridFilterForm(
        request.GET or None,
        areas=areas,
        tags=selectors.tag_choices(user=user, committee=committee),
        mine_label=_("我负责的片区") if mine or not is_director else _("全部片区"),
    )
    if form.is_bound:
        form.is_valid()  # a bad value is shown on the form; the valid ones still apply
    params = getattr(form, "cleaned_data", {})
    if params.get("area"):
        chosen = [area for area in areas if str(area.pk) == params["area"]]
    else:
        chosen = mine or (areas if is_director else [])
    household_status = params.get("household_status") or HouseholdStatus.ACTIVE
    person_status = params.get("person_status") or PersonStatus.ACTIVE
    today = timezone.localdate()
    households = selectors.grid_households(
        user=user,
        areas=chosen,
        tag=params.get("tag") or "",
        household_status="" if household_status == "all" else household_status,
        person_status=person_status,
        today=today,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "committee": committee,
        "form": form,
        "areas": chosen,
        "households": households,
        "today": today,
        "person_status": person_status,
        "query": query.urlencode(),
        "responsible_for_none": not mine and not is_director,
        "is_director": is_director,
    }


def _grid_rows(request, context, households):
    rows = selectors.grid_rows(
        user=request.user, households=households, person_status=context["person_status"], today=context["today"]
    )
    shown_in_full = [member.person_id for row in rows for member in row.members if member.shows_sensitive]
    if shown_in_full:  # one access record per person shown with sensitive tags, PIPL art. 28
        sensitive_views_record(viewer=request.user, person_ids=shown_in_full)
    return rows, bool(shown_in_full)


@role_required(*COMMITTEE_ROLES)
def grid_list(request):
    """我的片区: the households of the grid areas the worker answers for (分片包干), with
    their members, filtered by tag and status; the director opens any area of theirs."""
    context = _grid(request)
    page = CappedPaginator(context.pop("households"), GRID_PAGE_SIZE).get_page(request.GET.get("page"))
    context["page"] = page
    context["rows"], context["recorded"] = _grid_rows(request, context, page.object_list)
    return render(request, "register/grid_list.html", context)


@role_required(*COMMITTEE_ROLES)
def grid_print(request):
    """The printed 分片包干名册 of the same areas and filters: every household, by building."""
    context = _grid(request)
    rows, context["recorded"] = _grid_rows(request, context, context.pop("households"))
    context["sections"] = selectors.grid_sections(rows, context["areas"])
    context["printed_at"] = timezone.localtime()
    return render(request, "register/grid_print.html", context)


@role_required(Role.DIRECTOR)
def register_counts(request):
    """The director's counts by grid area and tag, each linked to the grid list it counts."""
    counts = selectors.register_counts(committee=current_committee(request))
    return render(request, "register/counts.html", {"counts": counts})


# --- importing and exporting the committee's spreadsheets --------------------------------
# The director's: an import adds people by the thousand and an export carries the whole
# register (masked); the desk's workers register people one at a time.


@role_required(Role.DIRECTOR)
def import_upload(request):
    committee = current_committee(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_batch_create(
                committee=committee, by=request.user, filename=upload.name or "", data=upload.read()
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect(batch)
    batches = (
        ImportBatch.objects.visible_to(request.user).filter(committee=committee).select_related("uploaded_by__worker")
    )
    context = {"form": form, "batches": batches[:20]}
    return render(request, "register/import.html", context, status=400 if form.errors else 200)


def _import_batch(request, pk):
    committee = current_committee(request)
    return get_object_or_404(ImportBatch.objects.visible_to(request.user).filter(committee=committee), pk=pk)


@role_required(Role.DIRECTOR)
def import_detail(request, pk):
    """The file's columns with the register field each is read as, and the preview of
    what importing it would do; or, once imported, what it did."""
    batch = _import_batch(request, pk)
    if batch.status != ImportStatus.UPLOADED:
        return render(request, "register/import_detail.html", {"batch": batch})
    if request.method == "POST" and "withdraw" in request.POST:
        try:
            services.import_batch_withdraw(batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已放弃这个文件，未导入任何内容。"))
        return redirect("register:import")
    try:
        sheet = importing.stored_sheet(batch)
    except SpreadsheetError as error:
        messages.error(request, str(error))
        return redirect("register:import")
    form = ImportMappingForm(request.POST or None, header=sheet.header, mapping=batch.mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_mapping_save(batch=batch, mapping=form.mapping())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(batch)
    plan = importing.import_plan(committee=batch.committee, sheet=sheet, mapping=batch.mapping)
    context = {
        "batch": batch,
        "form": form,
        "plan": plan,
        "counts": plan.counts,
        "masked": sum(1 for row in plan.existing + plan.new if row.values.get("masked")),
        "preview": plan.new[:PREVIEW_ROWS],
        "preview_rows": PREVIEW_ROWS,
    }
    return render(request, "register/import_detail.html", context)


PREVIEW_ROWS = 20  # the first new people shown; the errors are all shown


@require_POST
@role_required(Role.DIRECTOR)
def import_confirm(request, pk):
    batch = _import_batch(request, pk)
    try:
        counts = services.import_batch_confirm(batch=batch, by=request.user)
    except SpreadsheetError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "已导入：新增 %(people)s 人（%(households)s 户，其中新建 %(new_households)s 户）；%(existing)s 人已在册，未作改动；%(errors)s 行有错误未导入。"  # noqa: E501
            )
            % {
                "people": counts["new_people"],
                "households": counts["households"],
                "new_households": counts["new_households"],
                "existing": counts["existing"],
                "errors": counts["errors"],
            },
        )
    return redirect(batch)


def _export_filename(ext: str) -> str:
    return f"register-{timezone.localdate():%Y%m%d}.{ext}"


@role_required(Role.DIRECTOR)
def register_export_csv(request):
    rows = selectors.register_export_rows(user=request.user, committee=current_committee(request))
    return csv_download(rows, _export_filename("csv"))


@role_required(Role.DIRECTOR)
def register_export_xlsx(request):
    committee = current_committee(request)
    rows = selectors.register_export_rows(user=request.user, committee=committee)
    title = export_title(_("实有人口登记表"), scope=committee.name, period=_("在册居民"))
    return xlsx_download(rows, _export_filename("xlsx"), sheet=_("实有人口"), title=title)
