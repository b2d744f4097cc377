from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("mine/", views.my_cases, name="my-cases"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("notifications/", views.notifications, name="notifications"),
]
