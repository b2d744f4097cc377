from django.urls import path

from . import views

app_name = "reception"
urlpatterns = [
    path("", views.home, name="home"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment-detail"),
]
