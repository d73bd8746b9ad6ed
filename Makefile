# `make run` and `make test` work on a fresh clone: each installs what it needs first.
VENV := .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint format bench loadtest clean

# The interface's translations, compiled by Babel into gettext's .mo files.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard assessment/locale/*/LC_MESSAGES/messages.po))

$(VENV)/.runtime: requirements.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

%.mo: %.po $(VENV)/.runtime
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

run: $(VENV)/.runtime $(CATALOGS)
	$(PYTHON) -m streamlit run app.py --server.port=$(PORT)

test: $(VENV)/.dev $(CATALOGS)
	bash scripts/ensure-test-tools.sh
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m pytest

# Performance as ratios against baselines measured in the same run (docs/performance.md).
bench: $(VENV)/.dev
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PYTHON) -m bench

# Concurrent practitioners over Streamlit's own protocol, against a bare page, one server on
# SQLite and two behind nginx on PostgreSQL (docs/performance.md, "Capacity"); about 10 minutes.
loadtest: $(VENV)/.dev
	bash scripts/ensure-test-tools.sh
	$(PYTHON) -m bench.load --configs app,bare,cluster

lint: $(VENV)/.dev
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
