"""Signals staffing sends for the layers above it to act on."""

from django.dispatch import Signal

# Sent with `change` (an AccountChange) inside the transaction that records it: casework
# tells the worker and their director when someone else changed the account.
account_changed = Signal()
