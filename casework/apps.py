from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("事项办理")

    def ready(self):
        from register.signals import person_merged  # noqa: PLC0415  (apps are loaded only now)
        from staffing.selectors import count_busy_lines_with  # noqa: PLC0415
        from staffing.signals import account_changed, leave_changed, swap_changed  # noqa: PLC0415

        from .handoffs import leave_change_notify, swap_change_notify  # noqa: PLC0415
        from .selectors import busiest_lines  # noqa: PLC0415
        from .services import account_change_notify, person_merged_move_cases  # noqa: PLC0415

        # Rosters staff every shift with someone trained for the lines with the most cases.
        count_busy_lines_with(busiest_lines)
        # Someone else changed a worker's login: the worker and their director are told.
        account_changed.connect(account_change_notify, dispatch_uid="casework.account_change_notify")
        # Swaps and leave: whoever must act next, and those a decision concerns, are told.
        swap_changed.connect(swap_change_notify, dispatch_uid="casework.swap_change_notify")
        leave_changed.connect(leave_change_notify, dispatch_uid="casework.leave_change_notify")
        # A merged duplicate's cases move to the record kept, in the merge's transaction.
        person_merged.connect(person_merged_move_cases, dispatch_uid="casework.person_merged_move_cases")
