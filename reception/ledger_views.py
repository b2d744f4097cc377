"""The ledgers: the visit ledger (首问接待记录本) with CSV/Excel export, voiding a visit,
and the seal-use log (印章使用登记)."""

from django.http import HttpResponse

from committee.access import COMMITTEE_ROLES, role_required


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


visit_ledger = visit_export_csv = visit_export_xlsx = visit_void = seal_log = seal_record = role_required(
    *COMMITTEE_ROLES
)(_todo)
