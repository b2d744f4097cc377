from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("workers/", views.worker_list, name="worker-list"),
    path("workers/<int:pk>/", views.worker_detail, name="worker-detail"),
    path("training/", views.training_matrix, name="training"),
    path("roster/", views.roster_current, name="roster-current"),
    path("roster/<int:year>/<int:month>/", views.roster_month, name="roster"),
    path("roster/<int:year>/<int:month>/export.csv", views.roster_export_csv, name="roster-csv"),
    path("roster/<int:year>/<int:month>/export.xlsx", views.roster_export_xlsx, name="roster-xlsx"),
    path("roster/generate/", views.roster_generate, name="roster-generate"),
    path("roster/<int:pk>/publish/", views.roster_publish, name="roster-publish"),
    path("duty/add/", views.duty_add, name="duty-add"),
    path("duty/<int:pk>/remove/", views.duty_remove, name="duty-remove"),
    path("duty/<int:pk>/move/", views.duty_move, name="duty-move"),
    path("my-duty/", views.my_duty, name="my-duty"),
    path("my-duty/feed/", views.feed_rotate, name="feed-rotate"),
    path("feed/<str:token>.ics", views.duty_feed, name="feed"),
    path("account/", views.account, name="account"),
    path("set-password/<uidb64>/<token>/", views.set_password, name="set-password"),
    path("swaps/", views.swap_list, name="swap-list"),
    path("swaps/<int:pk>/", views.swap_step, name="swap-step"),
    path("swaps/return-options/", views.swap_return_options, name="swap-return-options"),
    path("approvals/", views.approvals, name="approvals"),
    path("leave/", views.leave_list, name="leave-list"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave-decide"),
    path("leave/<int:pk>/withdraw/", views.leave_withdraw, name="leave-withdraw"),
    path("coverage/", views.coverage, name="coverage"),
    path("setup/", views.setup, name="setup"),
    path("setup/posts/add/", views.post_edit, name="post-add"),
    path("setup/posts/<int:pk>/", views.post_edit, name="post-edit"),
    path("setup/shifts/add/", views.shift_edit, name="shift-add"),
    path("setup/shifts/<int:pk>/", views.shift_edit, name="shift-edit"),
    path("setup/grid-areas/add/", views.grid_area_edit, name="grid-area-add"),
    path("setup/grid-areas/<int:pk>/", views.grid_area_edit, name="grid-area-edit"),
]
