"""What the register tells the apps above it (it imports none of them).

`person_merged` is sent inside person_merge's transaction, after the register's own links
(memberships, phones, tags, access records) have moved: a receiver in an app above moves
its own links (a visit's or a case's person) from `duplicate` to `keep` with one
`update(...)`. A receiver that raises rolls the whole merge back."""

from django.dispatch import Signal

person_merged = Signal()  # sender=Person, keep=Person, duplicate=Person, by=User
