# Contact-center analytics warehouse (dbt + DuckDB).
#   make run    set up .venv when missing, build the warehouse from the demo export
#               (or CRM_EXPORT_DIR=/path/to/export), print a summary, write warehouse/report.html
#   make report the KPI report of the published marts (warehouse/serving/report.html)
#   make test   lint the SQL, build and test the warehouse with dbt, run pytest
#               (which includes the PostgreSQL build, see make test-postgres)
#   make test-spark  build and test on Apache Spark, compare with DuckDB (slow)
#   make publish  write, audit, publish (the scheduled build)
#   make bench  benchmark at 100k, 1M and 10M contacts into docs/benchmarks.md
#   make docs   build the demo warehouse, generate the dbt docs site and serve it (DOCS_PORT)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

TEST_DB := warehouse/test/contact_center.duckdb

.PHONY: run test lint dbt-test pytest setup clean real-data publish bench docs postgres test-postgres test-spark report browser test-browser

REAL_DATA_DIR ?= ../shared/data

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned requirements into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
	@touch $@

run: setup
	@$(PY) scripts/build.py
	@$(PY) scripts/report.py --db "$${DBT_DUCKDB_PATH:-warehouse/contact_center.duckdb}"

# The KPI report (one self-contained HTML file) of the published marts.
report: setup
	@$(PY) scripts/report.py --quarantine-db warehouse/work/contact_center.duckdb

# Its own file, dbt target folder and spill folder: it runs beside dbt-test in make test.
lint: setup
	@mkdir -p warehouse/lint/tmp
	@DBT_DUCKDB_PATH=warehouse/lint/lint.duckdb DBT_TARGET_PATH=warehouse/lint/target DUCKDB_TEMP_DIRECTORY=warehouse/lint/tmp \
		$(BIN)/sqlfluff lint models tests analyses --processes 2 --disable-progress-bar

# The test build starts from an empty file every time (incremental models would
# otherwise keep the tables of an older definition).
dbt-test: setup
	@mkdir -p $(dir $(TEST_DB)) warehouse/tmp
	@rm -f $(TEST_DB) $(TEST_DB).wal
	@DBT_DUCKDB_PATH=$(TEST_DB) CRM_EXPORT_DIR=data/sample $(BIN)/dbt build || \
		(echo "dbt build failed"; exit 1)

# PostgreSQL server programs (Debian's postgresql) for the Postgres build test.
postgres: setup
	@$(PY) scripts/pg_server.py install

# Chromium and its driver (Debian's chromium, chromium-driver) for the report's browser test.
browser: setup
	@$(PY) scripts/report_browser.py install

# The report opened in headless Chromium (also part of `make test`).
test-browser: browser
	@$(PY) -m pytest tests/python/test_report_browser.py -n 0

pytest: setup postgres browser
	@$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$status

# The lint and the dbt build run side by side (each one's output printed whole), then pytest.
test: setup
	@$(MAKE) --no-print-directory --output-sync=target -j2 lint dbt-test
	@$(MAKE) --no-print-directory pytest

# The project on Apache Spark (dbt-spark session method, pyspark local[2]): the
# demo export built with every test, marts equal to DuckDB's. Slow; not in `make test`.
test-spark: setup $(VENV)/.spark-installed
	@$(PY) -m pytest tests/python/test_spark.py -n 0 -m spark

$(VENV)/.spark-installed: requirements-spark.txt $(VENV)/.installed
	@echo "Installing dbt-spark and pyspark into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-spark.txt
	@touch $@

# The project on PostgreSQL alone (also part of `make test`): a private server, the
# demo export loaded, dbt build with every test, marts equal to DuckDB's.
test-postgres: postgres
	@$(PY) -m pytest tests/python/test_postgres.py -n 0

# Write, audit, publish: build privately, run every test, then publish the marts
# (warehouse/serving/contact_center.duckdb and parquet/) only if all pass.
publish: setup
	@$(PY) scripts/scheduled_build.py

# Benchmark full, incremental and floor builds and pandas at 100k, 1M and 10M
# contacts; writes docs/benchmarks.md (BENCH_ARGS, e.g. --sizes 100000 --runs 1).
bench: setup
	@$(PY) scripts/bench.py $(BENCH_ARGS)

# Build the demo export with the three real public sources and print the findings
# reported in docs/real_data.md.
real-data: setup
	@ANONYMOUS_BANK_DIR=$(REAL_DATA_DIR)/anonymous_bank_1999/raw_monthly \
	SERVICENOW_EXPORT_DIR=$(REAL_DATA_DIR)/uci_incident_event_log \
	TWCS_EXPORT_DIR=$(REAL_DATA_DIR)/twcs_head5000 \
	REPORTING_TIMEZONE=Asia/Jerusalem DBT_DUCKDB_PATH=warehouse/real/contact_center.duckdb \
	$(PY) scripts/build.py > warehouse/real-build.log || (tail -20 warehouse/real-build.log; exit 1)
	@$(PY) scripts/real_data_findings.py warehouse/real/contact_center.duckdb

clean:
	rm -rf target logs warehouse

# The documentation site (models, columns, tests, lineage, exposures) of the demo
# build, served at http://localhost:$(DOCS_PORT).
DOCS_PORT ?= 8080
docs: run
	@$(BIN)/dbt docs generate --quiet
	@echo "serving the docs at http://localhost:$(DOCS_PORT) (Ctrl-C stops)"
	@$(BIN)/dbt docs serve --port $(DOCS_PORT) --no-browser
