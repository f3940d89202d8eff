"""The ServiceNow incident event log and the support tweets end to end: every record
reconciles, and resolution times by priority equal an independent computation."""
import csv
import gzip
import math
import statistics
from collections import defaultdict
from datetime import datetime

from conftest import query


def test_incidents_and_events_reconcile(real_build):
    _, db = real_build
    assert query(db, "select count(*) from raw_servicenow.incident_events") == [(141712,)]
    assert query(db, "select count(*) from main.stg_servicenow__incidents") == [(24918,)]
    (staged,) = query(db, "select count(*) from main.base_servicenow__incident_events where _row_status = 'staged'")[0]
    (rejected,) = query(db, "select count(*) from quarantine.rejected_rows where source_system = 'servicenow'")[0]
    (collapsed,) = query(db, "select count(*) from main.base_servicenow__incident_events "
                             "where _row_status in ('duplicate', 'superseded')")[0]
    assert staged + rejected + collapsed == 141712
    assert query(db, "select count(*) from main.fct_contacts where source_system = 'servicenow'") == [(24918,)]


def resolution_by_priority(path):
    """Per incident, from its latest update: resolved_at (else closed_at) - opened_at,
    by priority."""
    latest = {}
    parse = lambda text: datetime.strptime(text, "%d/%m/%Y %H:%M")
    with gzip.open(path, "rt", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["incident_state"] == "-100":
                continue  # quarantined: not a known state
            order = (parse(row["sys_updated_at"]), int(row["sys_mod_count"]))
            if row["number"] not in latest or order >= latest[row["number"]][0]:
                latest[row["number"]] = (order, row)
    hours = defaultdict(list)
    for _, row in latest.values():
        resolved = row["resolved_at"] if row["resolved_at"] != "?" else row["closed_at"]
        if resolved != "?":
            hours[row["priority"]].append((parse(resolved) - parse(row["opened_at"])).total_seconds())
    return {p: (statistics.median(v), statistics.fmean(v), len(v)) for p, v in hours.items()}


def test_resolution_time_by_priority_matches_the_raw_log(real_build):
    folder, db = real_build
    expected = resolution_by_priority(folder / "uci_incident_event_log" / "incident_event_log.csv.gz")
    rows = query(db, """
        select priority, median(resolution_seconds), avg(resolution_seconds), count(resolution_seconds)
        from main.fct_contacts
        where source_system = 'servicenow' and resolution_seconds is not null
        group by priority""")
    actual = {p: (median, mean, n) for p, median, mean, n in rows}
    assert set(actual) == set(expected)
    for priority, (median, mean, n) in expected.items():
        got = actual[priority]
        assert got[2] == n, priority
        assert math.isclose(got[0], median, rel_tol=1e-12), priority
        assert math.isclose(got[1], mean, rel_tol=1e-9), priority


def test_not_applicable_kpis_are_null_for_tickets(real_build):
    _, db = real_build
    rows = query(db, """
        select count(*), count(asa_seconds), count(abandon_rate), count(service_level), count(avg_wait_seconds),
               count(sla_met_rate), count(avg_resolution_seconds)
        from main.kpi_daily where source_system = 'servicenow'""")
    total, asa, abandon, service_level, wait, sla, resolution = rows[0]
    assert total > 300 and asa == abandon == service_level == wait == 0
    assert sla == total and resolution > 0


def test_every_tweet_is_accounted_for_and_the_bare_carriage_return_survives(real_build):
    folder, db = real_build
    assert query(db, "select count(*) from main.raw_twcs__tweets") == [(5000,)]
    assert query(db, "select _row_status, count(*) from main.base_twcs__tweets group by all") == [("staged", 5000)]
    assert query(db, "select count(*) from main.stg_twcs__messages") == [(5000,)]
    (text,) = query(db, "select text from main.raw_twcs__tweets where tweet_id = '3399'")[0]
    assert text.startswith("@AskPayPal \r\rI just love the start of email")
    neighbours = query(db, "select tweet_id from main.raw_twcs__tweets where _row_number between 2484 and 2486 order by 1")
    assert neighbours == [("3398",), ("3399",), ("3400",)]


def test_tweets_become_conversations_per_brand_with_first_response(real_build):
    _, db = real_build
    rows = dict(query(db, """
        select queue, count(*) from main.fct_conversations
        where source_system = 'twcs' and queue <> 'unassigned' group by 1"""))
    assert rows["AmazonHelp"] > 50 and rows["AppleSupport"] > 50
    (agents,) = query(db, "select count(distinct agent_key) from main.fct_contacts "
                          "where source_system = 'twcs' and agent_key like 'twcs:ChipotleTweets/%'")[0]
    assert agents >= 2
    (answered_with_response,) = query(db, """
        select count(*) from main.kpi_daily
        where source_system = 'twcs' and answered_count > 0 and avg_first_response_seconds > 0""")[0]
    assert answered_with_response > 10
