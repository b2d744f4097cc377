from django.urls import path

from . import views

app_name = "patrols"

urlpatterns = [
    path("", views.today, name="today"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.patrol_detail, name="patrol-detail"),
    path("<int:pk>/findings/", views.finding_add, name="finding-add"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/withdraw/", views.patrol_withdraw, name="patrol-withdraw"),
    path("findings/<int:pk>/withdraw/", views.finding_withdraw, name="finding-withdraw"),
    path("book/", views.book, name="book"),
    path("book/export.csv", views.book_csv, name="book-csv"),
    path("book/export.xlsx", views.book_xlsx, name="book-xlsx"),
    path("missed/", views.missed, name="missed"),
]
