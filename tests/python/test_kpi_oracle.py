"""kpi_daily equals an independent Python computation from the raw files, for every
day, channel and queue of a generated export of 50,000 contacts."""
import math

import pytest

from conftest import build_ok, generate, query
from kpi_oracle import headline_kpis

COLUMNS = ["offered_count", "answered_count", "abandoned_count", "service_level", "asa_seconds",
           "aht_seconds", "fcr_rate", "csat_avg", "nps", "conversion_rate"]


@pytest.fixture(scope="module")
def oracle_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("oracle")
    export = generate(base / "export", 50000, 30, "--dirty-rate", "0", "--seed", "7")
    db = base / "wh.duckdb"
    build_ok(export, db)
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
            a, b = got[column], want[column]
            if a is None or b is None:
                same = a is None and b is None
            elif column.endswith("_count"):
                same = a == b
            else:
                same = math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
            if not same:
                mismatches.append((key, column, a, b))
    assert not mismatches, mismatches[:20]
