# Contact-center analytics warehouse (dbt + DuckDB).
#   make run    set up .venv when missing, build the warehouse from the demo export
#               (or CRM_EXPORT_DIR=/path/to/export) and print a summary
#   make test   lint the SQL, build and test the warehouse with dbt, run pytest

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

TEST_DB := warehouse/test/contact_center.duckdb

.PHONY: run test lint dbt-test pytest setup clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned requirements into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
	@touch $@

run: setup
	@$(PY) scripts/build.py

lint: setup
	@mkdir -p warehouse/lint warehouse/tmp
	@DBT_DUCKDB_PATH=warehouse/lint/lint.duckdb $(BIN)/sqlfluff lint models tests analyses --processes 2 --disable-progress-bar

dbt-test: setup
	@mkdir -p $(dir $(TEST_DB)) warehouse/tmp
	@DBT_DUCKDB_PATH=$(TEST_DB) CRM_EXPORT_DIR=data/sample $(BIN)/dbt build || \
		(echo "dbt build failed"; exit 1)

pytest: setup
	@$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$status

test: lint dbt-test pytest

clean:
	rm -rf target logs warehouse
