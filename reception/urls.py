from django.urls import path

from . import views

app_name = "reception"
urlpatterns = [
    # The desk (views.py): intake, resident look-up, the one-time notice, return visits, appointments.
    path("", views.home, name="home"),
    path("lookup/", views.resident_lookup, name="resident-lookup"),
    path("people/search/", views.person_search, name="person-search"),
    path("find/", views.find_visit, name="find"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/notice/", views.notice, name="notice"),
    path("visits/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("appointments/", views.appointment_list, name="appointment-list"),
    path("appointments/new/", views.appointment_book, name="appointment-book"),
    path("appointments/on-duty/", views.appointment_on_duty, name="on-duty"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment-detail"),
    # The ledgers (views.py): visit ledger with exports, voiding, the seal-use log.
    path("ledger/", views.visit_ledger, name="ledger"),
    path("ledger/export.csv", views.visit_export_csv, name="ledger-csv"),
    path("ledger/export.xlsx", views.visit_export_xlsx, name="ledger-xlsx"),
    path("visits/<int:pk>/void/", views.visit_void, name="visit-void"),
    path("seals/", views.seal_log, name="seal-log"),
    path("seals/new/", views.seal_record, name="seal-record"),
    path("seals/export.csv", views.seal_export_csv, name="seal-log-csv"),
    path("seals/export.xlsx", views.seal_export_xlsx, name="seal-log-xlsx"),
    # A register person's visits, cases and appointments (the register sits below the desk).
    path("people/<int:pk>/", views.person_records, name="person-records"),
    # Privacy (views.py): the whole ID number, for a reason, recorded.
    path("visits/<int:pk>/id-number/", views.reveal_id_number, name="reveal-id"),
]
