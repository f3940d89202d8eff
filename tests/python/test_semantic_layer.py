"""The semantic layer answers what the marts answer: `mf query` (MetricFlow over the
semantic models in models/marts/_marts__semantic_models.yml) against kpi_daily and
kpi_agent_daily re-aggregated by hand from their stored sums, for a day and for a
week, on the build of the demo export with the three real sources."""
from __future__ import annotations

import csv
import math
import subprocess
from pathlib import Path

import duckdb
import pytest

from conftest import BIN, ROOT, dbt_env, query

CONTACT_METRICS = (
    "offered_count", "answered_count", "abandoned_count", "service_level", "answer_rate",
    "abandon_rate", "asa_seconds", "avg_wait_seconds", "aht_seconds", "avg_chat_duration_seconds",
    "avg_resolution_seconds", "fcr_rate", "csat_avg", "nps", "conversion_rate",
)
AGENT_METRICS = (
    "agent_handled_contact_count", "agent_aht_seconds", "agent_csat_avg", "agent_fcr_rate",
    "agent_conversion_rate", "occupancy", "contacts_per_logged_in_hour",
)


def mf_query(db: Path, out: Path, metrics, group_by, where: str, target: str = "duckdb") -> list[dict]:
    """`mf query` on the DuckDB file db, through profiles.yml's target `duckdb` (the
    file opened as dbt opens it) or `serving` (attached read-only)."""
    env = dbt_env(DBT_TARGET=target, DBT_DUCKDB_PATH=str(db), SERVING_DUCKDB_PATH=str(db),
                  DBT_TARGET_PATH=str(ROOT / "target"))
    # mf reads target/semantic_manifest.json, whose relations name the database
    # (the file's stem, or the serving alias): parse for this file and target first.
    parsed = subprocess.run([str(BIN / "dbt"), "parse", "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert parsed.returncode == 0, f"dbt parse failed:\n{parsed.stdout[-3000:]}\n{parsed.stderr[-3000:]}"
    result = subprocess.run(
        [str(BIN / "mf"), "query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by),
         "--where", where, "--csv", str(out), "--quiet"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0 and out.exists(), f"mf query failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str | None) -> float | None:
    return None if text in (None, "", "None", "nan") else float(text)


def ratio(numerator, denominator) -> float | None:
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)


def assert_same(expected: dict, actual: dict, label: str) -> None:
    assert expected.keys() == actual.keys(), f"{label}: groups differ: {sorted(expected)} vs {sorted(actual)}"
    for key, want_row in expected.items():
        for metric, want in want_row.items():
            got = actual[key][metric]
            if want is None:
                assert got is None, f"{label} {key} {metric}: expected null, mf gave {got}"
            else:
                assert got is not None and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (
                    f"{label} {key} {metric}: marts {want}, mf {got}")


def contact_rates_from_kpi_daily(db: Path, period_sql: str, where_sql: str, params: list) -> dict:
    """Per period and channel, the KPIs rebuilt from kpi_daily's sums (summed over
    source systems and queues, never averaging its rates)."""
    rows = query(db, f"""
        select
            {period_sql} as period, channel,
            sum(offered_count), sum(answered_count), sum(abandoned_count),
            sum(answered_within_sl_count), sum(service_level_eligible_count),
            sum(case when is_realtime then offered_count - short_abandoned_count else 0 end),
            sum(wait_seconds_answered_sum), sum(answered_waited_count),
            sum(wait_seconds_sum), sum(waited_count),
            sum(handle_seconds_sum), sum(handled_count),
            sum(chat_duration_seconds_sum), sum(chat_answered_count),
            sum(resolution_seconds_sum), sum(resolved_count),
            sum(fcr_repeat_count), sum(fcr_eligible_count),
            sum(csat_score_sum), sum(csat_response_count),
            sum(nps_promoter_count - nps_detractor_count), sum(nps_response_count),
            sum(converted_count)
        from kpi_daily
        where {where_sql}
        group by all
    """, params)
    expected = {}
    for (period, channel, offered, answered, abandoned, within, eligible, abandon_base, wait_answered,
         answered_waited, wait, waited, handle, handled, chat, chats, resolution, resolved, fcr, fcr_eligible,
         csat, csat_responses, nps_net, nps_responses, converted) in rows:
        nps_share = ratio(nps_net, nps_responses)
        expected[(str(period)[:10], channel)] = {
            "offered_count": offered, "answered_count": answered, "abandoned_count": abandoned,
            "service_level": ratio(within, eligible), "answer_rate": ratio(answered, offered),
            "abandon_rate": ratio(abandoned, abandon_base), "asa_seconds": ratio(wait_answered, answered_waited),
            "avg_wait_seconds": ratio(wait, waited), "aht_seconds": ratio(handle, handled),
            "avg_chat_duration_seconds": ratio(chat, chats), "avg_resolution_seconds": ratio(resolution, resolved),
            "fcr_rate": ratio(fcr, fcr_eligible), "csat_avg": ratio(csat, csat_responses),
            "nps": None if nps_share is None else 100 * nps_share, "conversion_rate": ratio(converted, answered),
        }
    return expected


def by_period_and_channel(rows: list[dict], period_column: str) -> dict:
    return {
        (row[period_column][:10], row["contact__channel"]): {m: number(row[m]) for m in CONTACT_METRICS}
        for row in rows
    }


@pytest.fixture(scope="module")
def busiest(real_build):
    """The demo's day with the most transfer chains, and the bank's busiest ISO week."""
    _, db = real_build
    day = query(db, """
        select contact_date from fct_journeys
        where source_system = 'crm_export' and is_transfer_chain
        group by contact_date order by count(*) desc, contact_date limit 1
    """)[0][0]
    week = query(db, """
        select date_trunc('week', contact_date) from fct_journeys
        where source_system = 'anonymous_bank'
        group by 1 order by count(*) desc, 1 limit 1
    """)[0][0]
    return str(day), str(week)[:10]


def test_contact_metrics_for_a_day_equal_kpi_daily(real_build, busiest, tmp_path):
    _, db = real_build
    day, _ = busiest
    expected = contact_rates_from_kpi_daily(db, "contact_date", "contact_date = ?", [day])
    rows = mf_query(db, tmp_path / "day.csv", CONTACT_METRICS, ["metric_time__day", "contact__channel"],
                    f"{{{{ TimeDimension('metric_time', 'day') }}}} = '{day}'")
    assert {channel for _, channel in expected} >= {"voice", "chat"}, expected.keys()
    assert_same(expected, by_period_and_channel(rows, "metric_time__day"), f"day {day}")


def test_contact_metrics_for_a_week_equal_kpi_daily(real_build, busiest, tmp_path):
    _, db = real_build
    _, week = busiest
    expected = contact_rates_from_kpi_daily(
        db, "date_trunc('week', contact_date)", "date_trunc('week', contact_date) = cast(? as date)", [week])
    # Through the read-only `serving` target, while another reader holds the file open.
    reader = duckdb.connect(str(db), read_only=True)
    try:
        rows = mf_query(db, tmp_path / "week.csv", CONTACT_METRICS, ["metric_time__week", "contact__channel"],
                        f"{{{{ TimeDimension('metric_time', 'week') }}}} = '{week}'", target="serving")
    finally:
        reader.close()
    assert sum(row["offered_count"] for row in expected.values()) > 1000, expected
    assert_same(expected, by_period_and_channel(rows, "metric_time__week"), f"week {week}")


def test_agent_metrics_for_a_day_equal_kpi_agent_daily(real_build, busiest, tmp_path):
    _, db = real_build
    day, _ = busiest
    rows = query(db, """
        select
            agent_key,
            sum(handled_contact_count), sum(handle_seconds_sum), sum(handled_count),
            sum(csat_score_sum), sum(csat_response_count), sum(fcr_repeat_count), sum(fcr_eligible_count),
            sum(converted_count), sum(answered_count),
            max(occupancy), min(occupancy), max(logged_in_seconds)
        from kpi_agent_daily
        where contact_date = ?
        group by agent_key
    """, [day])
    expected = {}
    for (agent, handled_contacts, handle, handled, csat, csat_responses, fcr, fcr_eligible, converted, answered,
         occupancy, occupancy_min, logged_in) in rows:
        assert occupancy == occupancy_min, f"{agent}: the agent-day occupancy differs between channel rows"
        expected[agent] = {
            "agent_handled_contact_count": handled_contacts, "agent_aht_seconds": ratio(handle, handled),
            "agent_csat_avg": ratio(csat, csat_responses), "agent_fcr_rate": ratio(fcr, fcr_eligible),
            "agent_conversion_rate": ratio(converted, answered), "occupancy": occupancy,
            "contacts_per_logged_in_hour": ratio(handled_contacts * 3600, logged_in),
        }
    assert len(expected) >= 5, expected
    result = mf_query(db, tmp_path / "agents.csv", AGENT_METRICS, ["metric_time__day", "agent"],
                      f"{{{{ TimeDimension('metric_time', 'day') }}}} = '{day}'")
    actual = {row["agent"]: {m: number(row[m]) for m in AGENT_METRICS} for row in result}
    # Agents logged in that day without a contact appear only in the semantic layer.
    idle = {agent: values for agent, values in actual.items() if agent not in expected}
    for agent, values in idle.items():
        assert not values["agent_handled_contact_count"], f"{agent} handled contacts kpi_agent_daily does not show"
    assert_same(expected, {agent: values for agent, values in actual.items() if agent in expected}, f"agents {day}")
