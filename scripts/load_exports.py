#!/usr/bin/env python3
"""Load the raw exports into a server engine that cannot read the export files itself.

Usage: python scripts/load_exports.py --target postgres
       python scripts/load_exports.py --target spark [--out DIR]

Reads the same folders as a DuckDB build (CRM_EXPORT_DIR, and ANONYMOUS_BANK_DIR,
SERVICENOW_EXPORT_DIR and TWCS_EXPORT_DIR when set) and writes, on the target's
connection (profiles.yml, PG* variables), the raw relations staging reads:
raw_crm_export.<entity>, raw_anonymous_bank.calls, raw_servicenow.incident_events
and raw_twcs.tweets, each with its `<table>__files` list of file ids. Every column
is text except `_row_number`; each row keeps its file name, file id, row number and
raw JSON.

For Spark the relations are written as Parquet files under DIR (env SPARK_RAW_DIR,
default warehouse/spark/raw), `<schema>/<table>/data.parquet`; the project's
on-run-start hook on the spark target declares them as tables.

The rows are exactly those of the DuckDB build: the files are first read by the
project's own registration macros (the same dbt on-run-start hooks) into a scratch
DuckDB file, and the relations are copied from there. A mistake in the export (a
missing folder, a missing required column) stops with the same one-line message
as a DuckDB build. Loading replaces the raw tables as a whole.
"""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RAW_SCHEMAS = ("raw_crm_export", "raw_anonymous_bank", "raw_servicenow")


def read_raw(scratch: Path) -> None:
    """Register the export files in a scratch DuckDB file with the project's hooks,
    and build the TWCS raw model there (its reader is a Python model)."""
    env = dict(os.environ, DBT_DUCKDB_PATH=str(scratch), DBT_TARGET="duckdb",
               DBT_PROFILES_DIR=str(ROOT), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
               DBT_TARGET_PATH=str(scratch.parent / "target"), DBT_LOG_PATH=str(scratch.parent / "logs"),
               DUCKDB_TEMP_DIRECTORY=str(scratch.parent / "tmp"))
    result = subprocess.run([str(BIN / "dbt"), "run", "--quiet", "--select", "raw_twcs__tweets"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        raise SystemExit("reading the exports failed: " + "\n".join(lines[-8:]))


def raw_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(source schema, source name, target schema.table) of every raw relation."""
    names = con.execute(
        "select table_schema, table_name from information_schema.tables "
        f"where table_schema in {RAW_SCHEMAS} order by 1, 2").fetchall()
    relations = [(schema, name, f"{schema}.{name}") for schema, name in names]
    relations.append(("main", "raw_twcs__tweets", "raw_twcs.tweets"))
    file_ids = "select distinct _file_id from main.raw_twcs__tweets where _file_id is not null"
    relations.append(("", file_ids, "raw_twcs.tweets__files"))
    return relations


def load_postgres(con: duckdb.DuckDBPyConnection, relations: list[tuple[str, str, str]]) -> list[tuple[str, int]]:
    import psycopg2

    pg = psycopg2.connect(host=os.environ.get("PGHOST", "127.0.0.1"), port=int(os.environ.get("PGPORT", "5432")),
                          user=os.environ.get("PGUSER", "postgres"), password=os.environ.get("PGPASSWORD", ""),
                          dbname=os.environ.get("PGDATABASE", "contact_center"))
    loaded = []
    try:
        with pg, pg.cursor() as cur:
            for schema, name, target in relations:
                select = name if not schema else f'select * from "{schema}"."{name}"'
                columns = con.execute(f"describe {select}").fetchall()
                definitions = ", ".join(
                    f'"{column}" {"bigint" if column == "_row_number" else "text"}' for column, *_ in columns)
                target_schema, table = target.split(".")
                cur.execute(f'create schema if not exists "{target_schema}"')
                cur.execute(f'drop table if exists "{target_schema}"."{table}" cascade')
                cur.execute(f'create table "{target_schema}"."{table}" ({definitions})')
                with tempfile.NamedTemporaryFile(suffix=".csv") as csv_file:
                    con.execute(f"copy ({select}) to '{csv_file.name}' (format csv, header false)")
                    with open(csv_file.name, encoding="utf-8") as stream:
                        cur.copy_expert(f'copy "{target_schema}"."{table}" from stdin with (format csv)', stream)
                cur.execute(f'select count(*) from "{target_schema}"."{table}"')
                loaded.append((target, cur.fetchone()[0]))
    finally:
        pg.close()
    return loaded


def write_parquet(con: duckdb.DuckDBPyConnection, relations: list[tuple[str, str, str]],
                  out: Path) -> list[tuple[str, int]]:
    loaded = []
    for schema, name, target in relations:
        select = name if not schema else f'select * from "{schema}"."{name}"'
        folder = out / target.replace(".", "/")
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.parquet"):
            old.unlink()
        typed = (f"select * replace (cast(_row_number as bigint) as _row_number) from ({select})"
                 if any(column == "_row_number" for column, *_ in con.execute(f"describe {select}").fetchall())
                 else select)
        con.execute(f"copy ({typed}) to '{folder / 'data.parquet'}' (format parquet)")
        (rows,) = con.execute(f"select count(*) from ({select})").fetchone()
        loaded.append((target, rows))
    return loaded


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=["postgres", "spark"], required=True)
    parser.add_argument("--out", default=os.environ.get("SPARK_RAW_DIR", str(ROOT / "warehouse" / "spark" / "raw")),
                        help="spark: the folder the Parquet files are written to")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-exports-") as scratch_dir:
        scratch = Path(scratch_dir) / "raw.duckdb"
        read_raw(scratch)
        con = duckdb.connect(str(scratch), read_only=True)
        try:
            if args.target == "postgres":
                loaded = load_postgres(con, raw_relations(con))
            else:
                loaded = write_parquet(con, raw_relations(con), Path(args.out).resolve())
        finally:
            con.close()
    for target, rows in loaded:
        if not target.endswith("__files"):
            print(f"{target:40} {rows:>10,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
