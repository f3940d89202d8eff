"""kpi_daily equals an independent Python computation from the raw files, for every
day, channel and queue of a generated export of 20,000 contacts."""
import sys

import pytest

from conftest import ROOT, build_ok, generate, query
from kpi_oracle import headline_kpis

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402
import pandas_kpi_daily  # noqa: E402
import reference  # noqa: E402

COLUMNS = bench.HEADLINE


@pytest.fixture(scope="module")
def oracle_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("oracle")
    export = generate(base / "export", 20000, 30, "--dirty-rate", "0", "--seed", "7")
    db = base / "wh.duckdb"
    build_ok(export, db, DBT_TARGET_PATH=str(base / "target"))
    return export, db


def test_no_row_was_quarantined(oracle_build):
    _, db = oracle_build
    assert query(db, "select count(*) from quarantine.rejected_rows") == [(0,)]


def test_kpi_daily_matches_the_oracle_exactly(oracle_build):
    export, db = oracle_build
    expected = headline_kpis(export)
    rows = query(db, f"select contact_date, channel, queue, {', '.join(COLUMNS)} from main.kpi_daily "
                     "where source_system = 'crm_export'")
    actual = {(r[0], r[1], r[2]): dict(zip(COLUMNS, r[3:])) for r in rows}
    assert set(actual) == set(expected)
    assert len(actual) > 100
    mismatches = []
    for key, want in expected.items():
        got = actual[key]
        for column in COLUMNS:
            if not bench.same_kpi(column, got[column], want[column]):
                mismatches.append((key, column, got[column], want[column]))
    assert not mismatches, mismatches[:20]


def test_the_benchmark_floor_is_current_and_equals_the_marts(oracle_build, tmp_path):
    """bench/reference.sql is the project's SQL as it is now, and running it straight
    from the raw files gives kpi_daily and kpi_agent_daily row for row."""
    export, db = oracle_build
    script = tmp_path / "reference.sql"
    reference.write(db.parent / "target", script)
    assert script.read_text() == (ROOT / "bench" / "reference.sql").read_text(), \
        "bench/reference.sql is stale: python bench/reference.py write <target dir of a full build>"
    reference.run(db, tmp_path / "floor", script_path=script)
    bench.check_floor(db, tmp_path / "floor")  # stops with a message on any difference


def test_the_pandas_alternative_equals_kpi_daily(oracle_build, tmp_path):
    export, db = oracle_build
    pandas_kpi_daily.kpi_daily(export).to_parquet(tmp_path / "pandas.parquet", index=False)
    bench.check_pandas(db, tmp_path / "pandas.parquet")
