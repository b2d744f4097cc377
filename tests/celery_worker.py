"""`python -m tests.celery_worker <celery arguments>`: a Celery worker on the suite's clock
(tests/clock.py), for the tests that start a real worker process."""

import sys

from celery.__main__ import main

from tests import clock

if __name__ == "__main__":
    clock.start()
    sys.exit(main())
