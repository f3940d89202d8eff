#!/usr/bin/env python3
"""Time one model's compiled SQL in DuckDB, alone, and show where its time goes.

    python bench/profile_model.py COMPILED_SQL BUILT_DB [--memory-limit 1.5GB] [--threads 2]
                                  [--until CTE]

COMPILED_SQL is a model's file under target/compiled/ (or a variant of it) and
BUILT_DB a DuckDB file built by dbt from the same export (its raw views and seed
tables are what the SQL reads). The result goes to a temporary table, nothing is
written to BUILT_DB. Prints the wall time, the CPU time, the time per operator type
and the slowest operators from DuckDB's JSON profile; an out-of-memory error is
printed, not raised, with the time it took to occur. With --until, only the SQL up
to that CTE runs (`select * from` it), to find which step of a model fails.
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

import duckdb


def operators(profile: dict) -> list[tuple[float, str, int, dict]]:
    found = []

    def walk(node: dict) -> None:
        found.append((node.get("timing", 0.0), node.get("type"), node.get("intermediate_rows"),
                      node.get("extra_info", {})))
        for child in node.get("children", []):
            walk(child)

    for node in profile.get("operator", []):
        walk(node)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sql", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("--memory-limit")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--until", help="run the SQL up to this CTE only")
    args = parser.parse_args()
    sql = args.sql.read_text()
    if args.until:
        start = re.search(rf"\b{re.escape(args.until)} as (?:not )?(?:materialized )?\(", sql)
        following = start and re.search(r",\s*\w+ as (?:not )?(?:materialized )?\(", sql[start.end():])
        if not following:
            raise SystemExit(f"error: {args.until} is not a CTE of {args.sql} followed by another one")
        sql = sql[:start.end() + following.start()] + f"\nselect * from {args.until}"

    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "profile.json"
        con = duckdb.connect(str(args.db), read_only=True)
        try:
            con.execute(f"set threads = {args.threads}")
            con.execute(f"set temp_directory = '{scratch}'")
            if args.memory_limit:
                con.execute(f"set memory_limit = '{args.memory_limit}'")
            con.execute("pragma enable_profiling = 'json'")
            con.execute(f"pragma profiling_output = '{output}'")
            started = time.perf_counter()
            try:
                con.execute("create temp table profiled as " + sql)
            except duckdb.OutOfMemoryException as error:
                print(f"out of memory after {time.perf_counter() - started:.1f} s: {str(error).splitlines()[0]}")
                return 1
            print(f"wall {time.perf_counter() - started:.2f} s")
        finally:
            con.close()
        profile = json.loads(output.read_text())

    print(f"cpu {profile['query']['cpu_time']:.2f} s")
    found = operators(profile)
    by_type: dict[str, float] = {}
    for seconds, kind, _, _ in found:
        by_type[kind] = by_type.get(kind, 0.0) + seconds
    print("by operator: " + ", ".join(f"{kind} {seconds:.2f}" for kind, seconds in
                                      sorted(by_type.items(), key=lambda item: -item[1]) if seconds >= 0.01))
    for seconds, kind, rows, extra in sorted(found, key=lambda item: -item[0])[:args.top]:
        detail = extra.get("Projections") or extra.get("Aggregates") or extra.get("Conditions") or ""
        print(f"{seconds:7.2f} s  {kind:<16} rows {rows}  {str(detail)[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
