"""Incremental builds leave exactly the tables a full rebuild leaves.

A generated export of 31 daily drops is built as a delivery of its first 26 days,
then drop by drop (drop 27, build, drop 28, build, ...), and compared row for row
with one --full-refresh build of all drops: late surveys, orders, updates and
repeat contacts in the daily drops reach back into days already built.
Then the same drops are loaded again, unchanged and re-delivered under new names,
and a drop is replaced by a corrected file: the marts stay equal to a full build."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, dbt_env, generate

MARTS = ["fct_contacts", "fct_journeys", "fct_conversations", "fct_agent_days", "dim_agents", "dim_customers",
         "kpi_daily", "kpi_interval", "kpi_agent_daily"]
DAYS = 31
FIRST_DELIVERY_DAYS = 26
DATED = re.compile(r"_(\d{8})\.")


def dbt(db_path: Path, export_dir: Path, *args: str) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), *args],
        cwd=ROOT, capture_output=True, text=True,
        env=dbt_env(CRM_EXPORT_DIR=str(export_dir), DBT_DUCKDB_PATH=str(db_path),
                    DUCKDB_TEMP_DIRECTORY=str(db_path.parent / "tmp")),
    )
    assert result.returncode == 0, f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"


def differences(db_a: Path, db_b: Path, tables: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per table with a difference: (rows in a, rows only in a, rows only in b)."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{db_a}' as a (read_only)")
        con.execute(f"attach '{db_b}' as b (read_only)")
        found = {}
        for table in tables:
            count = con.execute(f"select count(*) from a.main.{table}").fetchone()[0]
            only_a = con.execute(f"select count(*) from (from a.main.{table} except all from b.main.{table})").fetchone()[0]
            only_b = con.execute(f"select count(*) from (from b.main.{table} except all from a.main.{table})").fetchone()[0]
            if only_a or only_b:
                found[table] = (count, only_a, only_b)
        return found
    finally:
        con.close()


@pytest.fixture(scope="module")
def drops(tmp_path_factory) -> tuple[Path, list[list[Path]]]:
    """A 31-day export (with defects, overlapping drops and updated contacts) and
    its files grouped per daily drop; undated files (the roster) go with drop 1."""
    export = generate(tmp_path_factory.mktemp("export"), 2000, DAYS, "--seed", "11")
    by_day: dict[str, list[Path]] = defaultdict(list)
    undated = []
    for path in sorted(export.iterdir()):
        if path.name.startswith("_"):
            continue
        match = DATED.search(path.name)
        (by_day[match.group(1)] if match else undated).append(path)
    days = [by_day[day] for day in sorted(by_day)]
    assert len(days) == DAYS
    days[0] = undated + days[0]
    return export, days


@pytest.fixture(scope="module")
def full_build(drops, tmp_path_factory) -> Path:
    export, _ = drops
    db = tmp_path_factory.mktemp("full") / "wh.duckdb"
    dbt(db, export, "seed")
    dbt(db, export, "run", "--full-refresh")
    return db


# Lands one drop after another in a folder and runs `dbt run` after each, in one
# process (dbt's programmatic runner), so dbt starts once rather than 6 times.
DAILY_LOOP = """
import json, shutil, sys
from pathlib import Path
from dbt.cli.main import dbtRunner
landing, days = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text())
runner = dbtRunner()
for number, files in enumerate(days, start=1):
    for name in files:
        shutil.copy2(name, landing / Path(name).name)
    result = runner.invoke(["run", "--quiet"])
    if not result.success:
        sys.exit(f"dbt run failed after drop {number}: {result.exception}")
"""


@pytest.fixture(scope="module")
def daily_build(drops, tmp_path_factory) -> tuple[Path, Path]:
    _, days = drops
    work = tmp_path_factory.mktemp("daily")
    landing, db = work / "export", work / "wh.duckdb"
    landing.mkdir()
    dbt(db, ROOT / "data" / "sample", "seed")
    plan = work / "days.json"
    deliveries = [[path for files in days[:FIRST_DELIVERY_DAYS] for path in files], *days[FIRST_DELIVERY_DAYS:]]
    plan.write_text(json.dumps([[str(path) for path in files] for files in deliveries]))
    result = subprocess.run(
        [sys.executable, "-c", DAILY_LOOP, str(landing), str(plan)], cwd=ROOT, capture_output=True, text=True,
        env=dbt_env(CRM_EXPORT_DIR=str(landing), DBT_DUCKDB_PATH=str(db), DUCKDB_TEMP_DIRECTORY=str(work / "tmp")),
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return landing, db


def test_building_drop_by_drop_equals_one_full_build(daily_build, full_build):
    _, daily_db = daily_build
    assert differences(daily_db, full_build, MARTS) == {}
    con = duckdb.connect(str(daily_db), read_only=True)
    try:
        assert con.execute("select count(distinct contact_date) from main.kpi_daily").fetchone()[0] >= DAYS
    finally:
        con.close()


def test_loading_the_same_drops_again_changes_nothing(drops, daily_build, full_build, tmp_path):
    landing, daily_db = daily_build
    snapshot = tmp_path / "before.duckdb"
    shutil.copy2(daily_db, snapshot)

    dbt(daily_db, landing, "run")  # the same files once more
    assert differences(daily_db, snapshot, MARTS) == {}

    _, days = drops
    for path in days[-1] + days[-2]:  # the last two drops delivered again under other names
        shutil.copy2(path, landing / path.name.replace(".", "_again.", 1))
    dbt(daily_db, landing, "run")
    assert differences(daily_db, snapshot, MARTS) == {}


def test_a_replaced_file_is_reloaded(drops, tmp_path):
    """A drop re-delivered under the same name with a contact removed: the
    incremental build forgets that contact, as a full build does."""
    _, days = drops
    landing, db, full_db = tmp_path / "export", tmp_path / "wh.duckdb", tmp_path / "full.duckdb"
    landing.mkdir()
    for path in [path for files in days[:7] for path in files]:  # a week of drops is enough here
        shutil.copy2(path, landing / path.name)
    dbt(db, landing, "seed")
    dbt(db, landing, "run")

    contacts_file, *others = sorted(landing.glob("contacts_*.csv"))
    elsewhere = "".join(other.read_text() for other in others)
    lines = contacts_file.read_text().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines[1:], start=1) if line.split(",")[0] + "," not in elsewhere)
    removed_id = lines[index].split(",")[0]
    contacts_file.write_text("".join(lines[:index] + lines[index + 1:]))
    dbt(db, landing, "run")

    dbt(full_db, landing, "seed")
    dbt(full_db, landing, "run", "--full-refresh")
    assert differences(db, full_db, MARTS) == {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from main.fct_contacts where contact_id = ?", [removed_id]).fetchone()[0] == 0
    finally:
        con.close()
