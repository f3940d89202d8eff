#!/usr/bin/env python3
"""Headless Chromium for the KPI report's browser test.

Usage: python scripts/report_browser.py install           # Debian's chromium and chromium-driver, if missing
       python scripts/report_browser.py screenshot HTML PNG  # open a report from disk, save a screenshot

The browser is Debian's /usr/bin/chromium driven through its /usr/bin/chromedriver
by Selenium (no driver download), started with flags that keep it off the network:
no background networking, component updates or sync, and every host name
resolving to nothing, so a page that tried to load anything from the network
would fail visibly.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
OFFLINE_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1400,2500",
]


def install() -> None:
    if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
        print(f"Chromium present: {CHROMIUM}, {CHROMEDRIVER}")
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], check=True, env=env)
    print(f"Chromium installed: {shutil.which('chromium')}")


def driver():
    """A headless Chromium WebDriver that records the page's console."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in OFFLINE_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def main(argv: list[str]) -> int:
    if argv[:1] == ["install"]:
        install()
        return 0
    if len(argv) == 3 and argv[0] == "screenshot":
        browser = driver()
        try:
            browser.get("file://" + os.path.abspath(argv[1]))
            browser.save_screenshot(argv[2])
        finally:
            browser.quit()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
