"""The public notice board. /board/<code>/ is printed as a QR code on office doors: it must
never change. Large-screen (lobby) mode is the same URL with ?screen=1."""

from django.urls import path

from . import board_views

app_name = "board"

urlpatterns = [
    path("<str:code>/", board_views.board, name="board"),
    path("<str:code>/poster/", board_views.board_poster, name="poster"),
]
