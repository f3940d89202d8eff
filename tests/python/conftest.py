"""Shared helpers: build the warehouse with dbt in a subprocess, query the result."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def dbt_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DBT_PROFILES_DIR"] = str(ROOT)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    if WORKER:
        # Tests run in parallel workers (pytest-xdist): each worker's dbt keeps its
        # artifacts, logs and DuckDB spill files apart from the other's.
        env["DBT_TARGET_PATH"] = str(ROOT / "target" / f"pytest-{WORKER}")
        env["DBT_LOG_PATH"] = str(ROOT / "logs" / f"pytest-{WORKER}")
        env["DUCKDB_TEMP_DIRECTORY"] = str(ROOT / "warehouse" / f"tmp-pytest-{WORKER}")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def pytest_itemcollected(item):
    """For parallel workers (--dist loadgroup): the tests of one module stay on one
    worker (module fixtures are built once), and so do all tests of the shared
    real-data build. (Marked as each test is collected, before pytest-xdist reads
    the marks in its collection hook.)"""
    fixtures = getattr(item, "fixturenames", ())
    group = next((name for name in ("real_build", "published") if name in fixtures), item.module.__name__)
    item.add_marker(pytest.mark.xdist_group(group))


def run_build(export_dir: Path | str, db_path: Path, *dbt_args: str, **env: str) -> subprocess.CompletedProcess:
    """Run scripts/build.py (dbt build of every model and data test) in a subprocess."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    environment = dbt_env(
        CRM_EXPORT_DIR=str(export_dir),
        DBT_DUCKDB_PATH=str(db_path),
        DUCKDB_TEMP_DIRECTORY=str(db_path.parent / "tmp"),
        **env,
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), "--exclude", "test_type:unit", *dbt_args],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )


def build_ok(export_dir: Path | str, db_path: Path, *dbt_args: str, **env: str) -> subprocess.CompletedProcess:
    result = run_build(export_dir, db_path, *dbt_args, **env)
    assert result.returncode == 0, f"build failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    return result


def query(db_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def generate(out_dir: Path, contacts: int, days: int, *extra: str) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_exports.py"),
         "--contacts", str(contacts), "--days", str(days), "--out", str(out_dir), *extra],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return out_dir


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def real_data_dir() -> Path:
    """The real public data sets (REAL_DATA_DIR, default ../shared/data). Missing data
    fails the test run in CI and skips the test elsewhere."""
    folder = Path(os.environ.get("REAL_DATA_DIR", ROOT.parent / "shared" / "data"))
    if not folder.is_dir():
        message = f"real data not found at {folder} (set REAL_DATA_DIR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """One build of the demo export plus the three real sources (bank call log,
    ServiceNow incident log, support tweets), dates in Asia/Jerusalem."""
    folder = real_data_dir()
    db = tmp_path_factory.mktemp("real") / "wh.duckdb"
    build_ok(
        ROOT / "data" / "sample", db,
        ANONYMOUS_BANK_DIR=str(folder / "anonymous_bank_1999" / "raw_monthly"),
        SERVICENOW_EXPORT_DIR=str(folder / "uci_incident_event_log"),
        TWCS_EXPORT_DIR=str(folder / "twcs_head5000"),
        REPORTING_TIMEZONE="Asia/Jerusalem",
    )
    return folder, db


def scheduled_build(base, export, *args, **env):
    """scripts/scheduled_build.py with its serving and work folders and run log under `base`."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "scheduled_build.py"),
         "--serving-dir", str(base / "serving"), "--work-dir", str(base / "work"),
         "--run-log", str(base / "run_log.jsonl"), *args],
        cwd=ROOT, capture_output=True, text=True,
        env=dbt_env(CRM_EXPORT_DIR=str(export), DUCKDB_TEMP_DIRECTORY=str(base / "tmp"), **env),
    )


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """One scheduled build of the demo export, published under the returned folder
    (serving/: the marts, Parquet, docs and report.html). Its tests share a worker."""
    base = tmp_path_factory.mktemp("scheduled")
    result = scheduled_build(base, ROOT / "data" / "sample", "--exclude", "test_type:unit")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return base
