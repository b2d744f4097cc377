"""Signals staffing sends for the layers above it to act on."""

from django.dispatch import Signal

# Sent with `change` (an AccountChange) inside the transaction that records it: casework
# tells the worker and their director when someone else changed the account.
account_changed = Signal()

# Sent with `swap` (a SwapRequest), `step` (what just happened: "proposed", "accepted",
# "declined", "approved", "rejected", "withdrawn"), `by` (the Worker who did it) and `was`
# (the status before, "" for a new one), inside
# the transaction: casework tells whoever must act next or is concerned.
swap_changed = Signal()

# Sent with `leave` (a Leave), `step` ("requested", "approved", "rejected", "withdrawn") and
# `by`, inside the transaction, for the same purpose.
leave_changed = Signal()
