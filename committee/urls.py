"""Root URLs. Each app has its own urls.py with an app_name."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("office/", include("committee.office_urls")),
    path("staff/", include("staffing.urls")),
    path("cases/", include("casework.urls")),
    path("desk/", include("reception.urls")),
    path("board/", include("committee.board_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "committee.views.permission_denied"
handler404 = "committee.views.page_not_found"
