# make run: serve on http://127.0.0.1:8000 · make test: the whole suite · make bench: benchmarks
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install dev prereqs run test bench clean

install: $(VENV)/.runtime-installed

$(VENV)/.runtime-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

dev: $(VENV)/.dev-installed

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

prereqs:
	@scripts/ensure_prereqs.sh

run: install
	$(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app

test: dev prereqs
	$(PY) -m pytest

bench: dev
	@scripts/ensure_prereqs.sh --bench
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
