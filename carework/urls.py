from django.urls import path

from . import views

app_name = "carework"

urlpatterns = [
    path("plans/", views.plans, name="plans"),
    path("today/", views.today, name="today"),
    path("visit/<int:pk>/new/", views.visit_new, name="visit-new"),
    path("coverage/", views.coverage, name="coverage"),
    path("app/", views.app, name="app"),
    path("app/sw.js", views.service_worker, name="service-worker"),
    path("app/manifest.webmanifest", views.manifest, name="manifest"),
    path("sync/", views.sync_upload, name="sync"),
    path("sync/data/", views.sync_data, name="sync-data"),
]
