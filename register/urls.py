from django.urls import path

from . import views

app_name = "register"

urlpatterns = [
    path("", views.household_list, name="household-list"),
    path("households/new/", views.household_edit, name="household-add"),
    path("households/<int:pk>/", views.household_detail, name="household-detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household-edit"),
    path("households/<int:household>/people/new/", views.person_add, name="person-add"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/leave/", views.person_leave, name="person-leave"),
    path("people/<int:pk>/return/", views.person_return, name="person-return"),
    path("people/<int:pk>/merge/", views.person_merge, name="person-merge"),
    path("people/<int:pk>/tags/new/", views.tag_add, name="tag-add"),
    path("tags/<int:pk>/end/", views.tag_end, name="tag-end"),
    path("care-tags/", views.care_tags, name="care-tags"),
    path("sensitive-views/", views.sensitive_views, name="sensitive-views"),
    path("my-area/", views.grid_list, name="grid-list"),
    path("my-area/print/", views.grid_print, name="grid-print"),
    path("counts/", views.register_counts, name="counts"),
]

urlpatterns += [
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_detail, name="import-detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("export.csv", views.register_export_csv, name="export-csv"),
    path("export.xlsx", views.register_export_xlsx, name="export-xlsx"),
]
