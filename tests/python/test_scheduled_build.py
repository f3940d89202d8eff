"""The scheduled build publishes only what passed its audit: read-only marts in a
DuckDB file swapped in by rename and in Parquet, never the quarantine; a failing
test keeps the previous serving copy; two runs never overlap."""
import fcntl
import hashlib
import json
import shutil
import stat
import subprocess
import sys

import duckdb
import pytest

from conftest import ROOT, dbt_env, scheduled_build

LOOP = (
    "contact_id,channel,created_at,queued_at,answered_at,ended_at,transferred_from_contact_id\n"
    "loop-a,voice,2025-03-05T10:00:00Z,2025-03-05T10:00:00Z,2025-03-05T10:00:10Z,2025-03-05T10:05:00Z,loop-b\n"
    "loop-b,voice,2025-03-05T10:05:00Z,2025-03-05T10:05:00Z,2025-03-05T10:05:10Z,2025-03-05T10:09:00Z,loop-a\n"
)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publishes_read_only_marts_without_the_quarantine(published):
    serving = published / "serving" / "contact_center.duckdb"
    assert stat.S_IMODE(serving.stat().st_mode) == 0o444
    con = duckdb.connect(str(serving), read_only=True)
    tables = {name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()}
    schemas = {name for (name,) in con.execute("select schema_name from information_schema.schemata").fetchall()}
    assert {"fct_contacts", "kpi_daily", "kpi_interval", "kpi_agent_daily", "dim_customers"} <= tables
    assert "rejected_rows" not in tables and "quarantine" not in schemas
    assert not any(name.startswith(("stg_", "base_", "int_")) for name in tables)
    for table in ("kpi_daily", "fct_contacts"):
        parquet = published / "serving" / "parquet" / f"{table}.parquet"
        assert stat.S_IMODE(parquet.stat().st_mode) == 0o444
        assert con.execute(f"select count(*) from read_parquet('{parquet}')").fetchall() == \
            con.execute(f"select count(*) from {table}").fetchall()
    con.close()
    catalog = json.loads((published / "serving" / "docs" / "catalog.json").read_text())
    assert any(key.endswith(".kpi_daily") for key in catalog["nodes"])
    assert (published / "serving" / "docs" / "index.html").exists()
    run = json.loads((published / "run_log.jsonl").read_text().splitlines()[-1])
    assert run["published"] is True and run["tests_failed"] == 0 and run["tests_passed"] > 100
    assert run["rows"]["kpi_daily"] > 0 and run["start"] <= run["end"]


def test_a_failing_test_keeps_the_previous_serving_copy(published, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(ROOT / "data" / "sample", export)
    (export / "contacts_loop.csv").write_text(LOOP)
    before = digest(published / "serving" / "contact_center.duckdb")
    result = scheduled_build(published, export, "--exclude", "test_type:unit")
    assert result.returncode == 1
    assert "not published" in result.stderr and "transfer_chains_fit_the_leg_limit" in result.stderr
    assert digest(published / "serving" / "contact_center.duckdb") == before
    run = json.loads((published / "run_log.jsonl").read_text().splitlines()[-1])
    assert run["published"] is False and "transfer_chains_fit_the_leg_limit" in run["failed_tests"]


def test_a_second_run_waits_for_no_one(published):
    lock_path = published / "work" / "scheduled_build.lock"
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = scheduled_build(published, ROOT / "data" / "sample")
    assert result.returncode == 3 and "another scheduled build is running" in result.stderr


def test_production_refuses_the_development_salt(published):
    result = scheduled_build(published, ROOT / "data" / "sample", "--production")
    assert result.returncode == 2 and "PII_SALT" in result.stderr


def test_stale_exports_warn_but_publish_and_fail_production(published):
    run = json.loads((published / "run_log.jsonl").read_text().splitlines()[0])
    assert run["published"] is True
    assert run["freshness"]["crm_export.contacts"] == "error"  # the demo export is from 2025
    before = digest(published / "serving" / "contact_center.duckdb")
    result = scheduled_build(published, ROOT / "data" / "sample", "--production", PII_SALT="a-real-secret")
    assert result.returncode == 1 and "source freshness" in result.stderr
    assert "crm_export.contacts: error" in result.stderr
    assert digest(published / "serving" / "contact_center.duckdb") == before
    assert json.loads((published / "run_log.jsonl").read_text().splitlines()[-1])["reason"] == "sources not fresh"


READER_SQL = (
    "select (select sum(contact_count) from main.kpi_daily), "
    "(select count(*) from main.fct_contacts), (select max(contact_date) from main.kpi_daily)"
)


def test_bi_readers_and_the_scheduled_build_never_block_each_other(published, tmp_path):
    """A SQLAlchemy reader (duckdb_engine, read_only, a new connection per query as
    a BI tool with NullPool makes) queries the served marts while the scheduled
    build rebuilds with a new drop and publishes: the build succeeds, and every
    answer is the old data or the new, each from one consistent file."""
    import threading

    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    serving = published / "serving" / "contact_center.duckdb"
    engine = sa.create_engine(f"duckdb:///{serving}", connect_args={"read_only": True}, poolclass=NullPool)
    with engine.connect() as connection:
        old = tuple(connection.execute(sa.text(READER_SQL)).one())

    export = tmp_path / "export"
    shutil.copytree(ROOT / "data" / "sample", export)
    (export / "contacts_late_drop.csv").write_text(
        "contact_id,channel,created_at,queued_at,answered_at,ended_at\n"
        "late-1,voice,2025-04-20T10:00:00Z,2025-04-20T10:00:00Z,2025-04-20T10:00:30Z,2025-04-20T10:04:00Z\n"
    )

    answers, errors, stop = [], [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                with engine.connect() as connection:
                    answers.append(tuple(connection.execute(sa.text(READER_SQL)).one()))
            except Exception as error:  # recorded; the next query reconnects
                errors.append(repr(error))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        result = scheduled_build(published, export, "--exclude", "test_type:unit")
        stop.wait(1.0)
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with engine.connect() as connection:
        new = tuple(connection.execute(sa.text(READER_SQL)).one())
    assert new != old and str(new[2]) == "2025-04-20"
    assert set(answers) <= {old, new}, set(answers) - {old, new}
    assert answers[0] == old and answers[-1] == new and len(answers) > 10
    assert not errors or answers[-1] == new, errors[:3]
    assert len(errors) <= len(answers) // 10, errors[:3]
