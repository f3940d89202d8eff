#!/usr/bin/env python3
"""Print findings from a warehouse built with the real public sources, as Markdown.

Usage: python scripts/real_data_findings.py [path/to/warehouse.duckdb]

Build it first (`make real-data` does both). The figures in docs/real_data.md are
this script's output.
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb


def table(con, title: str, sql: str, formats: list[str]) -> None:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    print(f"\n{title}\n")
    print("| " + " | ".join(names) + " |")
    print("|" + "---|" * len(names))
    for row in rows:
        cells = []
        for value, fmt in zip(row, formats):
            cells.append("-" if value is None else format(value, fmt) if fmt else str(value))
        print("| " + " | ".join(cells) + " |")


def main(path: str) -> None:
    con = duckdb.connect(path, read_only=True)
    print("## Anonymous Bank (January-March 1999)")
    table(con, "Published facts beside the warehouse, per month:", """
        with served as (
            -- the share of short calls needs each call's talk time, so it comes from fct_contacts
            select
                strftime(contact_date, '%Y-%m') as month,
                count(*) filter (where is_answered) as served_calls,
                count(*) filter (where is_answered and talk_seconds < 10) as served_under_10_s
            from main.fct_contacts
            where source_system = 'anonymous_bank'
            group by 1
        ),
        rates as (
            -- abandonment is rebuilt from kpi_daily's sums, the mart's own definition
            select
                strftime(contact_date, '%Y-%m') as month,
                sum(abandoned_count) / (sum(offered_count) - sum(short_abandoned_count)) as abandon_rate,
                (sum(abandoned_count) + sum(short_abandoned_count)) / sum(offered_count) as hang_ups_after_queue_share
            from main.kpi_daily
            where source_system = 'anonymous_bank'
            group by 1
        )
        select
            served.month,
            served.served_calls,
            served.served_under_10_s,
            served.served_under_10_s / served.served_calls as share_under_10_s,
            rates.abandon_rate,
            rates.hang_ups_after_queue_share
        from served inner join rates on served.month = rates.month
        order by 1""", ["", ",", ",", ".1%", ".1%", ".1%"])
    table(con, "Service level (20 s), abandonment, ASA and average talk time by queue and month:", """
        select
            strftime(contact_date, '%Y-%m') as month,
            queue,
            sum(offered_count) as offered,
            sum(answered_count) as answered,
            sum(answered_within_sl_count) / nullif(sum(service_level_eligible_count), 0) as service_level,
            sum(abandoned_count) / nullif(sum(offered_count) - sum(short_abandoned_count), 0) as abandon_rate,
            sum(wait_seconds_answered_sum) / nullif(sum(answered_waited_count), 0) as asa_seconds,
            sum(talk_seconds_sum) / nullif(sum(handled_count), 0) as avg_talk_seconds
        from main.kpi_daily
        where source_system = 'anonymous_bank' and offered_count > 0
        group by 1, 2 order by 1, 3 desc""", ["", "", ",", ",", ".1%", ".1%", ".0f", ".0f"])
    table(con, "Rows quarantined or flagged:", """
        select 'quarantined: ' || reason_code as what, count(*) as calls
        from quarantine.rejected_rows where source_system = 'anonymous_bank' group by 1
        union all
        select 'flagged: ' || data_quality_flag, count(*)
        from main.fct_contacts where source_system = 'anonymous_bank' and data_quality_flag is not null group by 1
        union all
        select 'phantom calls (counted, not offered)', count(*)
        from main.fct_contacts where source_system = 'anonymous_bank' and is_phantom
        order by 1""", ["", ","])

    print("\n## ServiceNow incident log")
    table(con, "Resolution time by priority (hours; calendar, business hours, and excluding awaiting time):", """
        select
            priority,
            count(*) as incidents,
            count(resolution_seconds) as resolved,
            median(resolution_seconds) / 3600 as median_hours,
            avg(resolution_seconds) / 3600 as mean_hours,
            avg(resolution_business_seconds) / 3600 as mean_business_hours,
            avg(resolution_excluding_pending_seconds) / 3600 as mean_hours_excluding_awaiting,
            avg(case when is_sla_met then 1.0 else 0.0 end) as sla_met_rate,
            avg(handoff_count) as avg_handoffs,
            avg(reopen_count) as avg_reopens
        from main.fct_contacts
        where source_system = 'servicenow'
        group by 1 order by 1""", ["", ",", ",", ".1f", ".1f", ".1f", ".1f", ".1%", ".2f", ".3f"])

    print("\n## Customer support on Twitter (first 5,000 tweets)")
    table(con, "Conversations, reply share and first response by brand (brands with 30+ conversations):", """
        select
            queue as brand,
            sum(offered_count) as conversations,
            sum(answered_count) / sum(offered_count) as reply_share,
            sum(first_response_seconds_sum) / nullif(sum(first_response_count), 0) / 60 as avg_first_response_minutes
        from main.kpi_daily
        where source_system = 'twcs' and queue <> 'unassigned'
        group by 1 having sum(offered_count) >= 30 order by 2 desc""", ["", ",", ".1%", ".1f"])
    table(con, "Signed-off agents with the most conversations:", """
        select agent_key as agent, sum(handled_contact_count) as conversations
        from main.kpi_agent_daily
        where source_system = 'twcs' and agent_key not like '%:unknown'
        group by 1 order by 2 desc, 1 limit 8""", ["", ","])
    con.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path("warehouse/real/contact_center.duckdb")))
