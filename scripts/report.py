#!/usr/bin/env python3
"""Write the KPI report: one self-contained HTML file built from the marts.

Usage: python scripts/report.py [--db FILE] [--out FILE] [--days N] [--run-log FILE]
                                [--quarantine-db FILE]

Reads the marts of a warehouse file read-only (default: the published
warehouse/serving/contact_center.duckdb) and writes one HTML file (default: beside
it, report.html) that opens from disk with no server and no network: the data is
embedded as JSON and the charts are drawn by the page's own inlined script.

Charts: service level and abandonment by interval for the latest day against the
channel target; the daily trend of the headline KPIs with week-over-week change;
the weekday x interval heatmap of offered contacts and the staffing gap (Erlang C
required agents minus agents logged in); the agents table with the team median;
the forecast for the next days with its backtest accuracy; data quality
(quarantined rows by reason when the file holds the quarantine, tests passed and
source freshness from the scheduled build's run log). Filters by source system,
channel, queue and date range re-aggregate the stored numerators and
denominators, never averages of averages.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent

# The sums each daily row carries (kpi_daily), and each KPI as a ratio of them.
DAILY_SUMS = [
    "offered_count", "answered_count", "abandoned_count", "short_abandoned_count",
    "service_level_eligible_count", "answered_within_sl_count", "answered_waited_count",
    "wait_seconds_answered_sum", "handled_count", "handle_seconds_sum", "fcr_eligible_count",
    "fcr_repeat_count", "csat_response_count", "csat_score_sum", "nps_response_count",
    "nps_promoter_count", "nps_detractor_count", "converted_count",
]
DEFINITIONS = {
    "offered": "Offered: inbound contacts that reached a queue or an agent (phantom calls and self-service excluded).",
    "answered": "Answered: offered contacts an agent connected to or first replied to.",
    "abandoned": "Abandoned: real-time contacts the customer left before an agent answered.",
    "service_level": "Service level: contacts answered within the channel's threshold / contacts eligible "
                     "(answered, or abandoned after the short-abandon threshold).",
    "abandon_rate": "Abandon rate: abandoned / (offered - short abandons), real-time channels only.",
    "asa": "ASA (average speed of answer): total wait of answered contacts / answered contacts with a known wait.",
    "aht": "AHT (average handle time): (talk + hold + wrap-up) / handled contacts.",
    "fcr": "FCR (first contact resolution): answered contacts with no repeat contact within the window / "
           "contacts eligible (the window has closed).",
    "csat": "CSAT: average survey score (1-5) over survey responses.",
    "nps": "NPS: 100 x (promoters - detractors) / NPS responses.",
    "conversion": "Conversion: answered contacts followed by an order within the window / answered contacts.",
    "occupancy": "Occupancy: handling time / (handling + available time) from the agent-state log.",
    "required_agents": "Required agents: Erlang C agents for the channel's service-level target, after shrinkage.",
    "staffing_gap": "Staffing gap: agents logged in minus required agents (negative: understaffed).",
    "wape": "WAPE: sum of |actual - forecast| / sum of actual offered contacts, over the held-out days.",
}


def plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [{name: plain(value) for name, value in zip(names, row)} for row in result.fetchall()]


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                       [schema, table]).fetchone()[0] > 0


def service_level_targets() -> dict[str, float]:
    with open(ROOT / "seeds" / "service_level_targets.csv", newline="") as handle:
        return {row["channel"]: float(row["target_share"]) for row in csv.DictReader(handle)}


def last_run(run_log: Path) -> dict | None:
    if not run_log.exists():
        return None
    lines = [line for line in run_log.read_text().splitlines() if line.strip()]
    published = [json.loads(line) for line in lines if json.loads(line).get("published")]
    return published[-1] if published else None


def quarantine_counts(db: Path) -> list[dict] | None:
    """Quarantined rows by reason, from a build file that holds the quarantine."""
    if not db.exists():
        return None
    con = duckdb.connect(str(db), read_only=True)
    try:
        if not has_table(con, "quarantine", "rejected_rows"):
            return None
        return rows(con, """
            select reason_code as reason, count(*) as row_count from quarantine.rejected_rows
            group by 1 order by 2 desc, 1""")
    finally:
        con.close()


def collect(db: Path, days: int, run_log: Path, quarantine_db: Path | None = None) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        (last_day,) = con.execute("select max(contact_date) from main.kpi_daily").fetchone()
        if last_day is None:
            raise SystemExit(f"error: {db} has no rows in kpi_daily; build the warehouse first.")
        (first_data_day,) = con.execute("select min(contact_date) from main.kpi_daily").fetchone()
        first_day = max(first_data_day, last_day - dt.timedelta(days=days - 1))
        sums = ", ".join(f"cast({name} as double) as {name}" for name in DAILY_SUMS)
        daily = rows(con, f"""
            select cast(contact_date as varchar) as day, source_system, channel, queue, is_realtime, {sums}
            from main.kpi_daily where contact_date >= ? order by 1, 2, 3, 4""", [first_day])
        interval_day = con.execute("select max(contact_date) from main.kpi_interval").fetchone()[0]
        intervals = rows(con, """
            select strftime(interval_start_local, '%H:%M') as time, source_system, channel, queue, is_realtime,
                offered_count, abandoned_count, short_abandoned_count, service_level_eligible_count,
                answered_within_sl_count
            from main.kpi_interval where contact_date = ? order by 1""", [interval_day])
        heatmap = rows(con, """
            select source_system, channel, iso_weekday, substr(cast(interval_time_local as varchar), 1, 5) as time,
                avg_offered_count
            from main.kpi_interval_heatmap order by 3, 4""")
        staffing = rows(con, """
            select strftime(interval_start_local, '%H:%M') as time, source_system, required_agents_with_shrinkage,
                logged_in_agents, staffing_gap_agents, has_agent_states
            from main.kpi_interval_staffing where contact_date = ? order by 1""", [interval_day])
        agents = rows(con, """
            with contacts as (
                select source_system, agent_key, channel,
                    sum(handled_contact_count) as handled, sum(handled_count) as handled_timed,
                    sum(handle_seconds_sum) as handle_seconds, sum(csat_response_count) as csat_responses,
                    sum(csat_score_sum) as csat_score, sum(fcr_eligible_count) as fcr_eligible,
                    sum(fcr_repeat_count) as fcr_resolved, sum(answered_count) as answered,
                    sum(converted_count) as converted
                from main.kpi_agent_daily
                where contact_date >= ?
                group by source_system, agent_key, channel
            ),
            days as (
                select source_system, agent_key, sum(handling_seconds) as handling_seconds,
                    sum(available_seconds) as available_seconds
                from main.fct_agent_days where activity_date >= ? group by source_system, agent_key
            )
            select contacts.*, coalesce(agents.agent_name, contacts.agent_key) as agent_name,
                days.handling_seconds, days.available_seconds
            from contacts
            left join main.dim_agents as agents on contacts.agent_key = agents.agent_key
            left join days on contacts.source_system = days.source_system and contacts.agent_key = days.agent_key
            order by agent_name, channel""", [first_day, first_day])
        forecast = rows(con, """
            select cast(forecast_date as varchar) as day, source_system, channel, queue,
                sum(forecast_offered) as forecast_offered, max(required_agents_with_shrinkage) as peak_agents
            from main.kpi_interval_forecast group by forecast_date, source_system, channel, queue order by 1""")
        accuracy = rows(con, """
            select source_system, channel, forecast_method, offered_wape, daily_offered_wape, day_count
            from main.kpi_forecast_accuracy where is_chosen order by 1, 2""")
    finally:
        con.close()
    quarantine = quarantine_counts(quarantine_db or db)
    return {
        "generated_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "source_file": str(db),
        "first_day": first_day.isoformat(), "last_day": last_day.isoformat(),
        "interval_day": interval_day.isoformat() if interval_day else None,
        "daily": daily, "intervals": intervals, "heatmap": heatmap, "staffing": staffing,
        "agents": agents, "forecast": forecast, "accuracy": accuracy,
        "quarantine": quarantine, "run": last_run(run_log),
        "targets": service_level_targets(), "definitions": DEFINITIONS,
    }


def render(data: dict) -> str:
    template = (ROOT / "scripts" / "report_template.html").read_text()
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return template.replace("/*DATA*/null", payload)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="warehouse/serving/contact_center.duckdb")
    parser.add_argument("--out", default=None, help="default: report.html beside --db's folder")
    parser.add_argument("--days", type=int, default=42, help="days of daily trend (default 42)")
    parser.add_argument("--run-log", default="warehouse/run_log.jsonl")
    parser.add_argument("--quarantine-db", default=None,
                        help="a build file holding the quarantine (the published file has none)")
    args = parser.parse_args(argv)
    db = Path(args.db)
    if not db.exists():
        print(f"error: {db} does not exist; build (make run) or publish (make publish) first.", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else db.parent / "report.html"
    try:
        html = render(collect(db, args.days, Path(args.run_log),
                              Path(args.quarantine_db) if args.quarantine_db else None))
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        print(f"error: {db} is not a built warehouse with the KPI marts ({first_line}).", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name("." + out.name + ".writing")
    partial.write_text(html)
    partial.replace(out)
    print(f"report: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
