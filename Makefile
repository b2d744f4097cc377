# 居委会前台 — the two commands: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv run test messages

help:
	@echo "make run    start the demo (web, Celery worker and beat) on SQLite, print the logins"
	@echo "make test   run the whole test suite against a private PostgreSQL and Redis"
	@echo "make messages  refresh and compile the English translation (needs gettext)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

run: venv
	scripts/run-demo

test: venv
	scripts/test-services run -- $(PY) -m pytest $(PYTEST_ARGS)

messages: venv
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages -l en --ignore=.venv
