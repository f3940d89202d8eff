#!/usr/bin/env python3
"""The scheduled build: write, audit, publish.

Usage: python scripts/scheduled_build.py [--production] [--serving-dir DIR] [dbt build args]

1. Write: build the warehouse into a private work file (never the served one). The
   work file is kept between runs, so each run is incremental (scripts/build.py:
   new export files only; a full refresh when the project changed).
2. Audit: dbt build runs every data and unit test; the run fails the audit when any
   error-severity test fails or errors. Source freshness (dbt source freshness,
   thresholds from vars freshness_*_after_hours) is checked too: stale exports are
   reported as warnings, and fail the audit only with --production (checked
   first, so a stale production run stops before it builds).
3. Publish, only when the audit passes: the marts (fct_*, dim_*, kpi_*) are copied
   into a new DuckDB file that replaces the serving file by rename (readers see the
   old file or the new one, never a mix) and into Parquet files, each written to a
   temporary name and renamed. Published files are read-only (mode 0444). The
   quarantine is never published. The dbt docs site (catalog of every model,
   column and exposure) is published beside them in docs/, and the KPI report
   (scripts/report.py) in report.html.

A lock file keeps two runs from overlapping; every run appends one JSON line to the
run log. Settings as for scripts/build.py (CRM_EXPORT_DIR, ...). With --production
the development PII salt is refused.
"""
from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SALT = "development-salt-change-me"
MART_PREFIXES = ("fct_", "dim_", "kpi_")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def test_results(target: Path) -> tuple[list[str], list[str]]:
    """Names of passed and failed (or errored) error-severity tests of the last dbt run."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    passed, failed = [], []
    for result in results:
        unique_id = result["unique_id"]
        if not unique_id.startswith(("test.", "unit_test.")):
            continue
        name = unique_id.split(".", 2)[-1]
        (failed if result["status"] in ("fail", "error") else passed).append(name)
    return passed, failed


def source_freshness(env: dict[str, str], target: Path) -> dict[str, str]:
    """Freshness status per source table (pass, warn, error or runtime error)."""
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run([str(dbt), "source", "freshness"], env=env, capture_output=True, text=True)
    sources = target / "sources.json"
    if not sources.exists():
        return {"(source freshness)": "runtime error"}
    return {result["unique_id"].split(".", 2)[-1]: result["status"]
            for result in json.loads(sources.read_text())["results"]}


def publish(work_db: Path, serving_dir: Path) -> dict[str, int]:
    """Copy the marts to a new serving file and to Parquet; swap each in by rename."""
    serving_dir.mkdir(parents=True, exist_ok=True)
    parquet_dir = serving_dir / "parquet"
    parquet_dir.mkdir(exist_ok=True)
    staging_db = serving_dir / ".contact_center.duckdb.publishing"
    staging_db.unlink(missing_ok=True)
    rows: dict[str, int] = {}
    con = duckdb.connect(str(staging_db))
    try:
        con.execute(f"attach '{work_db}' as work (read_only)")
        marts = [name for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'work' and table_schema = 'main' order by 1").fetchall()
            if name.startswith(MART_PREFIXES)]
        for mart in marts:
            con.execute(f"create table main.{mart} as select * from work.main.{mart}")
            (rows[mart],) = con.execute(f"select count(*) from main.{mart}").fetchone()
            temporary = parquet_dir / f".{mart}.parquet.publishing"
            con.execute(f"copy main.{mart} to '{temporary}' (format parquet)")
            os.chmod(temporary, 0o444)
            os.replace(temporary, parquet_dir / f"{mart}.parquet")
        con.execute("detach work")
    finally:
        con.close()
    os.chmod(staging_db, 0o444)
    os.replace(staging_db, serving_dir / "contact_center.duckdb")
    return rows


def publish_docs(target: Path, serving_dir: Path) -> None:
    """The dbt docs site (index.html, manifest.json, catalog.json) beside the served
    file, swapped in as a whole folder."""
    fresh = serving_dir / ".docs.publishing"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    for name in ("index.html", "manifest.json", "catalog.json"):
        shutil.copy2(target / name, fresh / name)
    old = serving_dir / ".docs.old"
    shutil.rmtree(old, ignore_errors=True)
    if (serving_dir / "docs").exists():
        os.replace(serving_dir / "docs", old)
    os.replace(fresh, serving_dir / "docs")
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--production", action="store_true", help="refuse development settings")
    parser.add_argument("--serving-dir", default="warehouse/serving", help="where published files go")
    parser.add_argument("--work-dir", default="warehouse/work", help="private build files")
    parser.add_argument("--run-log", default="warehouse/run_log.jsonl", help="JSON-lines run log")
    args, dbt_args = parser.parse_known_args(argv)
    os.chdir(ROOT)
    serving_dir, work_dir = Path(args.serving_dir), Path(args.work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    Path(args.run_log).parent.mkdir(parents=True, exist_ok=True)

    if args.production and os.environ.get("PII_SALT", DEVELOPMENT_SALT) == DEVELOPMENT_SALT:
        print("error: --production needs PII_SALT set to a secret of your own, not the development default.",
              file=sys.stderr)
        return 2

    lock_path = work_dir / "scheduled_build.lock"
    lock = open(lock_path, "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"error: another scheduled build is running (lock {lock_path}); this run stops.", file=sys.stderr)
        return 3

    record = {"start": now(), "published": False}
    try:
        work_db = work_dir / "contact_center.duckdb"
        target = work_dir / "target"
        for stale in ("run_results.json", "sources.json"):
            (target / stale).unlink(missing_ok=True)
        env = dict(os.environ, DBT_DUCKDB_PATH=str(work_db), DBT_TARGET_PATH=str(target),
                   DBT_PROFILES_DIR=str(ROOT))
        freshness = source_freshness(env, target)
        record["freshness"] = freshness
        stale = sorted(name for name, status in freshness.items() if status != "pass")
        if stale:
            lines = "\n  ".join(f"{name}: {freshness[name]}" for name in stale)
            print(f"{'error' if args.production else 'warning'}: source freshness\n  {lines}", file=sys.stderr)
        if args.production and any(freshness[name] in ("error", "runtime error") for name in stale):
            record["reason"] = "sources not fresh"
            print("error: not published (--production); the previous serving copy stays.", file=sys.stderr)
            return 1
        build = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), *dbt_args],
                               env=env, capture_output=True, text=True)
        sys.stdout.write(build.stdout)
        sys.stderr.write(build.stderr)
        passed, failed = test_results(target) if (target / "run_results.json").exists() else ([], [])
        record.update(tests_passed=len(passed), tests_failed=len(failed), failed_tests=failed)
        if build.returncode != 0 or failed:
            record["reason"] = "audit failed" if failed else "build failed"
            names = "\n  ".join(failed) or "(the build stopped before its tests)"
            print(f"error: not published; the previous serving copy stays. Failing:\n  {names}", file=sys.stderr)
            return 1
        docs = subprocess.run([str(Path(sys.executable).parent / "dbt"), "docs", "generate", "--no-compile"],
                              env=env, capture_output=True, text=True)
        if docs.returncode != 0:
            sys.stderr.write(docs.stdout[-3000:])
            record["reason"] = "docs generation failed"
            print("error: not published; dbt docs generate failed.", file=sys.stderr)
            return 1
        record["rows"] = publish(work_db, serving_dir)
        publish_docs(target, serving_dir)
        record["published"] = True
        record["end"] = now()
        with open(args.run_log, "a") as log:
            log.write(json.dumps(record) + "\n")
        published, record = record, None
        report = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"),
                                 "--db", str(serving_dir / "contact_center.duckdb"), "--run-log", args.run_log,
                                 "--quarantine-db", str(work_db)], capture_output=True, text=True)
        if report.returncode != 0:
            sys.stderr.write(report.stderr[-3000:])
            print("warning: the marts were published, but the report could not be written.", file=sys.stderr)
        print(f"Published {len(published['rows'])} marts to {serving_dir}/contact_center.duckdb and {serving_dir}/parquet/"
              f" and the report to {serving_dir}/report.html")
        return 0
    finally:
        if record is not None:
            record["end"] = now()
            with open(args.run_log, "a") as log:
                log.write(json.dumps(record) + "\n")
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
