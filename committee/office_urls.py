from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("street/", views.street_overview, name="street"),
]
