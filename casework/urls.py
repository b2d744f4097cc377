from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("export.csv", views.case_export_csv, name="case-list-csv"),
    path("export.xlsx", views.case_export_xlsx, name="case-list-xlsx"),
    path("mine/", views.my_cases, name="my-cases"),
    path("new/", views.case_open, name="case-open"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("overdue/", views.overdue, name="overdue"),
    path("<int:pk>/supervise/", views.supervise, name="supervise"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
]
