from django.urls import path

from . import views

app_name = "carework"

urlpatterns = [
    path("plans/", views.plans, name="plans"),
    path("today/", views.today, name="today"),
    path("visit/<int:pk>/new/", views.visit_new, name="visit-new"),
    path("coverage/", views.coverage, name="coverage"),
]
