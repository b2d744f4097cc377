"""Root URLs. Each app has its own urls.py with an app_name; the top app's holds the
public board's patterns too (namespace `board`). A module of the project package: it may
import any app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from office.urls import board_patterns

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("office/", include("office.urls")),
    path("staff/", include("staffing.urls")),
    path("cases/", include("casework.urls")),
    path("desk/", include("reception.urls")),
    path("register/", include("register.urls")),
    path("patrols/", include("patrols.urls")),
    path("care/", include("carework.urls")),
    path("board/", include(board_patterns)),
    path("admin/", admin.site.urls),
]

handler403 = "committee.views.permission_denied"
handler404 = "committee.views.page_not_found"
