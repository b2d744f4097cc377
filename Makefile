# 居委会前台 — the two commands: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
TEST_TODAY ?=

.DEFAULT_GOAL := help
.PHONY: help venv run test lint messages screenshots check-deploy

help:
	@echo "make run       start the demo (web, Celery worker and beat) on SQLite, print the logins"
	@echo "make test      run the whole test suite against a private PostgreSQL and Redis"
	@echo "               (make test PYTEST_ARGS='-k scoping' passes arguments to pytest;"
	@echo "               make test TEST_TODAY=2031-01-06 runs it with the clock moved to that day)"
	@echo "make lint      the layers contract (lint-imports) and ruff (lint and format); make test runs it first"
	@echo "make venv      create .venv and install the project with its test extra"
	@echo "make messages  refresh and compile the English translation (needs gettext)"

# Debian's python3 needs python3-venv for `python3 -m venv`; installed when run as root.
# A half-made .venv (venv failed midway) is removed so the next run starts clean.
$(PY):
	@if ! $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1; then \
	  if [ "$$(id -u)" -ne 0 ]; then \
	    echo "$(PYTHON) cannot create virtual environments: install Debian's python3-venv (sudo apt-get install python3-venv)" >&2; \
	    exit 1; \
	  fi; \
	  echo "installing Debian package python3-venv"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null && \
	  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-venv >/dev/null || exit 1; \
	fi
	@rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# Reinstalled only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

run: venv
	scripts/run-demo

# The house plan (the layers contract in pyproject.toml) and ruff: a wrong arrow between
# the apps, a lint finding or an unformatted file fails the build.
lint: venv
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# TEST_TODAY=YYYY-MM-DD moves the clock of the tests (and of the Celery workers they start)
# to that day: tests/clock.py.
test: venv lint
	TEST_TODAY="$(TEST_TODAY)" scripts/test-services run -- $(PY) -m pytest $(PYTEST_ARGS)

messages: venv
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages -l en --ignore=.venv

screenshots: venv
	$(PY) scripts/screenshots.py

# Django's deployment checklist with the production settings (DEBUG off, HTTPS, HSTS,
# secure cookies), on throwaway secrets and an empty database; warnings fail it.
check-deploy: venv
	@DEBUG=false ALLOWED_HOSTS=juweihui.example.org PUBLIC_BASE_URL=https://juweihui.example.org \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ID_NUMBER_KEY="$$($(PY) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')" \
	  DATABASE_URL="sqlite:///$$(mktemp -d)/deploy-check.sqlite3" \
	  $(PY) manage.py check --deploy --fail-level WARNING
