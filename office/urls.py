"""The top app's pages. The director's and the street office's under /office/ (namespace
`office`); the public board under /board/ (namespace `board`): /board/<code>/ is printed
as a QR code on office doors and must never change. Lobby-screen mode is the same URL
with ?screen=1."""

from django.urls import path

from . import views

app_name = "office"
urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("search/", views.search, name="search"),
    path("street/", views.street_overview, name="street"),
    path("calendar/", views.calendar_years, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar-year"),
]

board_patterns = (
    [
        path("<str:code>/", views.board, name="board"),
        path("<str:code>/poster/", views.board_poster, name="poster"),
    ],
    "board",
)
