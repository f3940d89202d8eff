"""The Anonymous Bank call log (three real months) end to end: every record accounted
for as SOURCE.md counts them, contact dates equal the files' dates, and kpi_daily
equals an independent computation from the raw files per day and queue."""
import csv
import math
import re
from collections import defaultdict
from datetime import date

import pytest

from conftest import query


@pytest.fixture(scope="module")
def bank(real_build):
    folder, db = real_build
    return folder / "anonymous_bank_1999", db


def source_table(folder):
    """Per-file totals and outcome counts from the data's SOURCE.md."""
    rows = {}
    for line in (folder / "SOURCE.md").read_text().splitlines():
        m = re.match(r"\| raw_monthly/(\S+\.txt) \| \d+ \| \w+ \| (\d+) \| [^|]+ \| (\d+) \| (\d+) \| (\d+) \|", line)
        if m:
            rows[m.group(1)] = tuple(int(x) for x in m.groups()[1:])
    return rows


def test_every_record_is_accounted_for_as_published(bank):
    folder, db = bank
    published = source_table(folder)
    assert set(published) == {"01_January.txt", "02_February.txt", "03_March.txt"}
    counts = defaultdict(lambda: defaultdict(int))
    for file_name, outcome, n in query(db, "select _file_name, outcome_code, count(*) "
                                           "from main.base_anonymous_bank__calls group by all"):
        counts[file_name][outcome] += n
    for file_name, (total, agent, hang, phantom) in published.items():
        got = counts[file_name]
        assert (sum(got.values()), got["AGENT"], got["HANG"], got["PHANTOM"]) == (total, agent, hang, phantom)
    staged = query(db, "select count(*) from main.stg_anonymous_bank__calls")[0][0]
    rejected = query(db, "select count(*) from quarantine.rejected_rows where source_system = 'anonymous_bank'")[0][0]
    assert staged + rejected == sum(t for t, *_ in published.values())
    reasons = query(db, "select distinct reason_code from quarantine.rejected_rows where source_system = 'anonymous_bank'")
    assert reasons == [("negative_duration",)]


def test_contact_dates_equal_the_file_dates(bank):
    _, db = bank
    mismatched = query(db, """
        select count(*)
        from main.fct_contacts as f
        inner join main.base_anonymous_bank__calls as b
            on f.contact_id = b.vru_line || '-' || b.call_id
        where f.source_system = 'anonymous_bank' and f.contact_date <> b.call_date""")
    assert mismatched == [(0,)]


def oracle(folder):
    groups = defaultdict(lambda: defaultdict(float))
    for path in sorted((folder / "raw_monthly").glob("*.txt")):
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                q, s, v = int(row["q_time"]), int(row["ser_time"]), int(row["vru_time"])
                if q < 0 or s < 0 or v < 0:
                    continue  # quarantined: negative duration
                d = row["date"]
                g = groups[(date(1900 + int(d[:2]) if int(d[:2]) >= 70 else 2000 + int(d[:2]), int(d[2:4]), int(d[4:])),
                            row["type"])]
                outcome = row["outcome"]
                offered = outcome == "AGENT" or (outcome == "HANG" and q > 0)
                answered = outcome == "AGENT"
                short = offered and not answered and q < 5
                g["offered"] += offered
                g["answered"] += answered
                g["abandoned"] += offered and not answered and not short
                g["sl_den"] += offered and not short
                g["sl_num"] += answered and q <= 20
                if answered:
                    g["wait"] += q
                    g["talk"] += s
    result = {}
    for key, g in groups.items():
        result[key] = (
            int(g["offered"]), int(g["answered"]), int(g["abandoned"]),
            g["sl_num"] / g["sl_den"] if g["sl_den"] else None,
            g["wait"] / g["answered"] if g["answered"] else None,
            g["talk"] / g["answered"] if g["answered"] else None,
        )
    return result


def test_kpi_daily_matches_an_independent_count_of_the_raw_files(bank):
    folder, db = bank
    expected = oracle(folder)
    rows = query(db, """
        select contact_date, queue, offered_count, answered_count, abandoned_count,
               service_level, asa_seconds, avg_talk_seconds
        from main.kpi_daily where source_system = 'anonymous_bank'""")
    actual = {(r[0], r[1]): r[2:] for r in rows}
    assert set(actual) == set(expected)
    for key, want in expected.items():
        got = actual[key]
        assert got[:3] == want[:3], key
        for a, b in zip(got[3:], want[3:]):
            assert (a is None and b is None) or math.isclose(a, b, rel_tol=1e-12), (key, got, want)


def test_any_set_of_monthly_files_builds(tmp_path):
    """A folder holding a single month of the log builds on its own."""
    import subprocess

    from conftest import BIN, ROOT, dbt_env, real_data_dir

    month = tmp_path / "one_month"
    month.mkdir()
    (month / "02_February.txt").symlink_to(real_data_dir() / "anonymous_bank_1999" / "raw_monthly" / "02_February.txt")
    db = tmp_path / "wh.duckdb"
    result = subprocess.run(
        [str(BIN / "dbt"), "run", "--select", "+stg_anonymous_bank__calls"],
        cwd=ROOT, capture_output=True, text=True,
        env=dbt_env(ANONYMOUS_BANK_DIR=str(month), CRM_EXPORT_DIR=str(ROOT / "data" / "sample"),
                    DBT_DUCKDB_PATH=str(db), DUCKDB_TEMP_DIRECTORY=str(tmp_path / "tmp")),
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert query(db, "select count(*) from main.stg_anonymous_bank__calls") == [(33344 - 25,)]
    assert query(db, "select _row_status, count(*) from main.base_anonymous_bank__calls group by 1 order by 1") == [
        ("rejected", 25), ("staged", 33344 - 25)]
