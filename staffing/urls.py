from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("workers/", views.worker_list, name="worker-list"),
    path("workers/<int:pk>/", views.worker_detail, name="worker-detail"),
]
