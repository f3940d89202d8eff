"""Print what a build produced: rows per staged entity, rows quarantined by reason,
and the headline KPIs from kpi_daily (re-aggregated from its sums)."""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

STAGED = (
    "agents", "customers", "contacts", "messages",
    "ticket_events", "agent_states", "surveys", "orders",
)

HEADLINE_SQL = """
select
    source_system,
    channel,
    min(contact_date) as first_day,
    max(contact_date) as last_day,
    sum(offered_count) as offered,
    sum(answered_count) as answered,
    sum(abandoned_count) as abandoned,
    sum(answered_within_sl_count) / nullif(sum(service_level_eligible_count), 0) as service_level,
    sum(wait_seconds_answered_sum) / nullif(sum(answered_waited_count), 0) as asa,
    sum(handle_seconds_sum) / nullif(sum(handled_count), 0) as aht,
    sum(fcr_repeat_count) / nullif(sum(fcr_eligible_count), 0) as fcr,
    sum(csat_score_sum) / nullif(sum(csat_response_count), 0) as csat,
    100.0 * (sum(nps_promoter_count) - sum(nps_detractor_count)) / nullif(sum(nps_response_count), 0) as nps,
    sum(converted_count) / nullif(sum(answered_count), 0) as conversion
from main.kpi_daily
group by all
order by 1, 2
"""


def fmt(value, kind: str) -> str:
    if value is None:
        return "-"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "s":
        return f"{value:.0f}s"
    if kind == "n":
        return f"{value:,}"
    return f"{value:.2f}" if kind == "f" else f"{value:.0f}"


def print_summary(db_path: Path) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        print("\nStaged rows per entity (crm_export):")
        for entity in STAGED:
            (count,) = con.execute(f"select count(*) from main.stg_crm_export__{entity}").fetchone()
            print(f"  {entity:<14} {count:>10,}")
        rows = con.execute(
            "select source_system, entity, reason_code, count(*) from quarantine.rejected_rows "
            "group by all order by 1, 2, 3"
        ).fetchall()
        print("\nRows quarantined (quarantine.rejected_rows) by reason:")
        if not rows:
            print("  none")
        for source_system, entity, reason, count in rows:
            print(f"  {source_system}.{entity:<14} {reason:<26} {count:>8,}")
        print("\nHeadline KPIs (kpi_daily, whole period):")
        header = ("source", "channel", "days", "offered", "answered", "abandoned", "SL", "ASA", "AHT",
                  "FCR", "CSAT", "NPS", "conv.")
        print("  " + " ".join(f"{h:>10}" for h in header))
        for (source, channel, first, last, offered, answered, abandoned, sl, asa, aht, fcr, csat, nps,
             conversion) in con.execute(HEADLINE_SQL).fetchall():
            days = f"{(last - first).days + 1}"
            cells = (source, channel, days, fmt(offered, "n"), fmt(answered, "n"), fmt(abandoned, "n"),
                     fmt(sl, "pct"), fmt(asa, "s"), fmt(aht, "s"), fmt(fcr, "pct"), fmt(csat, "f"),
                     fmt(nps, "i"), fmt(conversion, "pct"))
            print("  " + " ".join(f"{c:>10}" for c in cells))
    finally:
        con.close()
    print(f"\nDuckDB file: {db_path.resolve()}")


if __name__ == "__main__":
    print_summary(Path(sys.argv[1] if len(sys.argv) > 1 else "warehouse/contact_center.duckdb"))
