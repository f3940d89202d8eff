"""The KPI report in a real browser: headless Chromium (Debian's, offline) opens
the report.html a scheduled build published beside the marts, from disk, every chart draws marks, the console
stays clean, a filter changes the numbers shown, and the headline numbers equal
kpi_daily re-aggregated from its sums. A screenshot is saved (with
UPDATE_REPORT_SCREENSHOT=1 also as docs/report.png, the README's picture)."""
from __future__ import annotations

import math
import os
import shutil
import sys
import time

import pytest

from conftest import ROOT, query

sys.path.insert(0, str(ROOT / "scripts"))
import report_browser  # noqa: E402

CHARTS = ["cards", "chart-intervals", "chart-volume", "chart-trend", "chart-heatmap", "chart-staffing", "agents",
          "chart-forecast"]


def headline_from_kpi_daily(db, channel: str | None = None) -> dict[str, float | None]:
    where = "where channel = ?" if channel else ""
    (row,) = query(db, f"""
        select sum(offered_count), sum(answered_count), sum(abandoned_count),
            sum(answered_within_sl_count) / nullif(sum(service_level_eligible_count), 0),
            sum(wait_seconds_answered_sum) / nullif(sum(answered_waited_count), 0),
            sum(handle_seconds_sum) / nullif(sum(handled_count), 0),
            sum(fcr_repeat_count) / nullif(sum(fcr_eligible_count), 0),
            sum(csat_score_sum) / nullif(sum(csat_response_count), 0),
            100.0 * (sum(nps_promoter_count) - sum(nps_detractor_count)) / nullif(sum(nps_response_count), 0),
            sum(converted_count) / nullif(sum(answered_count), 0)
        from main.kpi_daily {where}""", [channel] if channel else [])
    names = ["offered", "answered", "abandoned", "service_level", "asa", "aht", "fcr", "csat", "nps", "conversion"]
    return {name: (float(value) if value is not None else None) for name, value in zip(names, row)}


def shown(browser) -> dict[str, float | None]:
    values = {}
    for card in browser.find_elements("css selector", ".card"):
        raw = card.get_attribute("data-value")
        values[card.get_attribute("id").removeprefix("kpi-")] = float(raw) if raw else None
    return values


def assert_same(expected: dict, actual: dict) -> None:
    for name, value in expected.items():
        assert (value is None) == (actual[name] is None), (name, value, actual[name])
        if value is not None:
            assert math.isclose(value, actual[name], rel_tol=1e-9, abs_tol=1e-9), (name, value, actual[name])


def wait_rendered(browser, at_least: int) -> None:
    for _ in range(100):
        if int(browser.execute_script("return Number(document.body.dataset.rendered || 0)")) >= at_least:
            return
        time.sleep(0.1)
    raise AssertionError("the report did not render")


@pytest.fixture(scope="module")
def report(published):
    """The report the scheduled build published beside the served marts."""
    if not (os.path.exists(report_browser.CHROMIUM) and os.path.exists(report_browser.CHROMEDRIVER)):
        message = "Chromium is not installed (make browser installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    serving = published / "serving"
    assert (serving / "report.html").exists(), "the scheduled build did not publish report.html"
    return serving / "contact_center.duckdb", serving / "report.html"


@pytest.fixture(scope="module")
def browser(report):
    _db, out = report
    driver = report_browser.driver()
    try:
        driver.get(out.as_uri())
        wait_rendered(driver, 1)
        yield driver
    finally:
        driver.quit()


def test_report_is_self_contained_and_shows_the_quarantine(report, browser):
    _db, out = report
    html = out.read_text()
    for outside in ("http://", "https://", "src=\"//", "<link"):
        assert outside not in html.replace("http://www.w3.org/2000/svg", ""), outside
    # quarantine counts come from the build file (the published file has no quarantine)
    assert len(browser.find_elements("css selector", "#quarantine-table tr")) > 1


def test_every_chart_draws_marks_and_the_console_is_clean(browser, report, tmp_path):
    for chart in CHARTS:
        marks = browser.find_element("id", chart).get_attribute("data-marks")
        assert marks and int(marks) > 0, chart
    svg_marks = browser.execute_script("return document.querySelectorAll('svg .mark').length")
    assert svg_marks > 100
    problems = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert not problems, problems
    shot = tmp_path / "report.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_REPORT_SCREENSHOT"):
        shutil.copy(shot, ROOT / "docs" / "report.png")


def test_headline_numbers_equal_kpi_daily(browser, report):
    db, _out = report
    assert_same(headline_from_kpi_daily(db), shown(browser))


def test_a_filter_changes_the_numbers_shown(browser, report):
    from selenium.webdriver.support.ui import Select

    db, _out = report
    before = shown(browser)
    rendered = int(browser.execute_script("return Number(document.body.dataset.rendered)"))
    Select(browser.find_element("id", "f-channel")).select_by_value("voice")
    wait_rendered(browser, rendered + 1)
    after = shown(browser)
    assert after["offered"] < before["offered"]
    assert_same(headline_from_kpi_daily(db, "voice"), after)
    agents_voice = len(browser.find_elements("css selector", "#agent-table tr.agent"))
    assert agents_voice > 0
    Select(browser.find_element("id", "f-channel")).select_by_value("")
    wait_rendered(browser, rendered + 2)
    assert_same(headline_from_kpi_daily(db), shown(browser))
