"""Compare the marts of a build on another engine with the DuckDB build, row for row."""
from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEMO = ROOT / "data" / "sample"
TOLERANCE = 1e-9


def duckdb_demo_build(work: Path, env: dict[str, str]) -> Path:
    """The DuckDB build of the demo export (seeds and models, no tests) to compare
    another engine's marts with; returns the file."""
    duck = work / "duckdb" / "wh.duckdb"
    duck.parent.mkdir(parents=True)
    env = dict(env, CRM_EXPORT_DIR=str(DEMO), DBT_DUCKDB_PATH=str(duck), DBT_TARGET="duckdb",
               DBT_TARGET_PATH=str(work / "duckdb" / "target"), DBT_LOG_PATH=str(work / "duckdb" / "logs"))
    run = subprocess.run([str(BIN / "dbt"), "build", "--quiet", "--exclude-resource-type", "test", "unit_test"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    return duck


def build_passed_every_test(build: subprocess.CompletedProcess, minimum: int = 400) -> None:
    """A dbt build that ran at least `minimum` nodes with no error or warning."""
    assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-2000:]
    summary = next(line for line in build.stdout.splitlines() if "Done. PASS=" in line)
    passed = int(summary.split("PASS=")[1].split()[0])
    assert passed > minimum and "ERROR=0" in summary and "WARN=0" in summary, summary


def compare_marts(duck: Path, fetch, label: str) -> tuple[list[str], int]:
    """Differences between every mart of the DuckDB file and the rows `fetch(table,
    columns)` returns from another engine, and the number of rows compared."""
    import duckdb

    con = duckdb.connect(str(duck), read_only=True)
    problems, compared = [], 0
    try:
        for mart in mart_names():
            columns, duck_rows = duckdb_rows(con, "main", mart)
            problems += table_differences(mart, columns, duck_rows, fetch(mart, columns), "duckdb", label)
            compared += len(duck_rows)
    finally:
        con.close()
    return problems, compared


def mart_names() -> list[str]:
    """Every mart: the models in models/marts."""
    return sorted(path.stem for path in (ROOT / "models" / "marts").glob("*.sql"))


def normalized(value):
    """One Python value per SQL value, whatever the driver: floats stay floats (they
    are compared within TOLERANCE), decimals compare exactly, timestamps without
    a time zone, and everything else as is."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def sort_key(row: tuple) -> tuple:
    return tuple(
        (0, 0) if value is None else (1, round(value, 6)) if isinstance(value, float) else (1, value)
        for value in row
    )


def same_value(left, right) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, float) or isinstance(right, float):
        return math.isclose(float(left), float(right), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return left == right


def table_differences(name: str, columns: list[str], left: list[tuple], right: list[tuple],
                      left_label: str, right_label: str, shown: int = 3) -> list[str]:
    """Differences between two engines' rows of one table (empty when equal):
    row counts, then rows that differ after both sides are sorted the same way."""
    if len(left) != len(right):
        return [f"{name}: {len(left)} rows on {left_label}, {len(right)} on {right_label}"]
    left = sorted((tuple(normalized(v) for v in row) for row in left), key=sort_key)
    right = sorted((tuple(normalized(v) for v in row) for row in right), key=sort_key)
    problems = []
    for left_row, right_row in zip(left, right):
        differing = [(column, a, b) for column, a, b in zip(columns, left_row, right_row) if not same_value(a, b)]
        if differing:
            problems.append(f"{name}: row {dict(zip(columns, left_row))} differs in "
                            + ", ".join(f"{column} ({left_label} {a!r}, {right_label} {b!r})"
                                        for column, a, b in differing))
            if len(problems) >= shown:
                break
    return problems


def duckdb_rows(con, schema: str, table: str) -> tuple[list[str], list[tuple]]:
    result = con.execute(f'select * from "{schema}"."{table}"')
    return [d[0] for d in result.description], result.fetchall()


def dbapi_rows(cursor, schema: str, table: str, columns: list[str]) -> list[tuple]:
    """The rows of a table on another engine, columns in the DuckDB table's order."""
    cursor.execute("select " + ", ".join(f'"{c}"' for c in columns) + f' from "{schema}"."{table}"')
    return [tuple(row) for row in cursor.fetchall()]
