"""Compare the marts of a build on another engine with the DuckDB build, row for row."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOLERANCE = 1e-9


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
