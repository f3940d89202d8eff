"""Staffing, heatmap and forecast on the real bank call log, recomputed outside dbt:
Erlang C by its textbook recursion in Python for every staffed interval, the
heatmap's averages from kpi_interval, and the backtest's WAPE from the projections
and the actuals; the accuracy docs/forecast.md reports must be the mart's."""
from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path

from conftest import ROOT, query


def erlang_c_staffing(traffic: float, aht: float, threshold: float, target: float) -> tuple[int, float]:
    """The fewest agents above the traffic reaching the target service level, and that level."""
    blocking, agents = 1.0, 0
    while True:
        agents += 1
        blocking = traffic * blocking / (agents + traffic * blocking)
        if agents > traffic:
            waiting = blocking / (1 - traffic / agents * (1 - blocking))
            level = 1 - waiting * math.exp(-(agents - traffic) * threshold / aht)
            if level >= target:
                return agents, level


def test_erlang_c_matches_the_recursion_on_every_bank_interval(real_build):
    _, db = real_build
    rows = query(db, """
        select k.traffic_erlangs, k.aht_seconds, k.staffing_threshold_seconds, k.staffing_target_share,
               k.required_agents, k.predicted_service_level
        from main.kpi_interval as k
        where k.source_system = 'anonymous_bank' and k.traffic_erlangs > 0
    """)
    assert len(rows) > 1000
    assert max(r[0] for r in rows) > 10, "the bank's busiest intervals carry real traffic"
    for traffic, aht, threshold, target, required, level in rows:
        expected_agents, expected_level = erlang_c_staffing(traffic, aht, threshold, target)
        assert required == expected_agents, (traffic, aht)
        assert abs(level - expected_level) < 1e-6, (traffic, aht)


def test_heatmap_averages_the_trailing_weeks(real_build):
    _, db = real_build
    (last_date,) = query(db, "select max(contact_date) from main.kpi_interval where source_system = 'anonymous_bank'")[0]
    offered = defaultdict(int)
    for weekday, time_of_day, count in query(db, """
        select isodow(contact_date), cast(interval_start_local as time), offered_count
        from main.kpi_interval
        where source_system = 'anonymous_bank' and channel = 'voice'
          and contact_date > cast(? as date) - 56
    """, [last_date]):
        offered[(weekday, time_of_day)] += count
    heatmap = {(w, t): (n, avg, days) for w, t, n, avg, days in query(db, """
        select iso_weekday, interval_time_local, offered_count, avg_offered_count, weekday_count
        from main.kpi_interval_heatmap where source_system = 'anonymous_bank' and channel = 'voice'
    """)}
    assert set(heatmap) == set(offered)
    for key, (count, average, days) in heatmap.items():
        assert days == 8
        assert count == offered[key]
        assert math.isclose(average, offered[key] / 8, rel_tol=1e-12)


def bank_accuracy(db: Path) -> dict[str, tuple[float, float]]:
    """WAPE per method (per queue-interval and per day) recomputed from the backtest
    projections and kpi_interval's actuals."""
    (origin,) = query(db, """select distinct origin_date from main.int_interval_forecasts_projected
                             where purpose = 'backtest' and source_system = 'anonymous_bank'""")[0]
    actual = defaultdict(int)
    for queue, day, time_of_day, count in query(db, """
        select queue, contact_date, cast(interval_start_local as time), offered_count from main.kpi_interval
        where source_system = 'anonymous_bank' and channel = 'voice' and contact_date > ?""", [origin]):
        actual[(queue, day, time_of_day)] += count
    result = {}
    for method in ("seasonal", "seasonal_trend"):
        forecast = {(q, d, t): f for q, d, t, f in query(db, f"""
            select queue, target_date, interval_time_local, {method}_offered
            from main.int_interval_forecasts_projected
            where purpose = 'backtest' and source_system = 'anonymous_bank' and channel = 'voice'""")}
        keys = set(actual) | set(forecast)
        total = sum(actual.values())
        error = sum(abs(actual.get(k, 0) - forecast.get(k, 0.0)) for k in keys)
        daily_actual, daily_forecast = defaultdict(float), defaultdict(float)
        for key in keys:
            daily_actual[key[1]] += actual.get(key, 0)
            daily_forecast[key[1]] += forecast.get(key, 0.0)
        daily_error = sum(abs(daily_actual[d] - daily_forecast[d]) for d in daily_actual)
        result[method] = (error / total, daily_error / total)
    return result


def test_backtest_wape_on_the_bank_log(real_build):
    _, db = real_build
    expected = bank_accuracy(db)
    marts = {m: (w, dw, chosen) for m, w, dw, chosen in query(db, """
        select forecast_method, offered_wape, daily_offered_wape, is_chosen from main.kpi_forecast_accuracy
        where source_system = 'anonymous_bank' and channel = 'voice'""")}
    assert set(marts) == {"seasonal", "seasonal_trend"}
    for method, (wape, daily_wape) in expected.items():
        assert math.isclose(marts[method][0], wape, rel_tol=1e-9)
        assert math.isclose(marts[method][1], daily_wape, rel_tol=1e-9)
    best = min(expected, key=lambda m: (expected[m][0], m != "seasonal"))
    assert marts[best][2] and not marts[{"seasonal": "seasonal_trend", "seasonal_trend": "seasonal"}[best]][2]
    # the forecast covers the 14 days after the log and staffs the calls with Erlang C
    days, unstaffed = query(db, """
        select count(distinct forecast_date), count(*) filter (where forecast_aht_seconds > 0 and required_agents is null)
        from main.kpi_interval_forecast where source_system = 'anonymous_bank'""")[0]
    assert (days, unstaffed) == (14, 0)
    # docs/forecast.md reports these numbers
    text = (ROOT / "docs" / "forecast.md").read_text()
    for method, (wape, daily_wape) in expected.items():
        row = re.search(rf"\| anonymous_bank \| voice \| {method} \| ([0-9.]+) \| ([0-9.]+) \|", text)
        assert row, f"docs/forecast.md has no bank row for {method}"
        assert (row.group(1), row.group(2)) == (f"{wape:.3f}", f"{daily_wape:.3f}")
