#!/usr/bin/env python3
"""Build the warehouse from an export and print a short summary.

Usage: python scripts/build.py [extra dbt build arguments]

Settings come from the environment:
  CRM_EXPORT_DIR   folder holding the CRM export (default: data/sample)
  SOURCE_TIMEZONE  time zone of naive timestamps in the export (default: UTC)
  REPORTING_TIMEZONE time zone of contact dates and intervals (default: UTC)
  DBT_DUCKDB_PATH  DuckDB file to build (default: warehouse/contact_center.duckdb)

Settings are checked first, so a mistake stops with one message naming it. dbt
runs in a subprocess; when it fails, the dbt error is repeated at the end.

Builds are incremental: only new export files are parsed and only the days whose
numbers change are rewritten. When the project's definition (models, macros,
seeds, dbt_project.yml) or a setting that changes how data is read (time zones,
PII salt) differs from the last successful build of the file, the build is a full
refresh instead; the definition's fingerprint is kept beside the DuckDB file.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from warehouse_summary import print_summary  # noqa: E402

EXPORT_ENTITIES = (
    "agents", "customers", "contacts", "messages",
    "ticket_events", "agent_states", "surveys", "orders",
)
EXPORT_SUFFIXES = (".csv", ".csv.gz", ".parquet")


class SettingsError(Exception):
    """A user mistake in the build's settings."""


def check_export_dir(path: str) -> None:
    folder = Path(path) if os.path.isabs(path) else ROOT / path
    if not folder.exists():
        raise SettingsError(f"CRM_EXPORT_DIR '{path}' does not exist.")
    if not folder.is_dir():
        raise SettingsError(f"CRM_EXPORT_DIR '{path}' is not a folder.")
    names = [p.name.lower() for p in folder.iterdir() if p.is_file()]
    exports = [n for n in names if n.endswith(EXPORT_SUFFIXES) and n.startswith(EXPORT_ENTITIES)]
    if not exports:
        raise SettingsError(
            f"CRM_EXPORT_DIR '{path}' holds no export files "
            "(<entity>*.csv, *.csv.gz or *.parquet, e.g. contacts_20250303.csv)."
        )
    if not any(n.startswith("contacts") for n in exports):
        raise SettingsError(f"CRM_EXPORT_DIR '{path}' has no contacts files; contacts are required.")


def check_time_zone(name: str, setting: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"Unknown time zone '{name}' in {setting}: use an IANA name such as UTC, "
            "Europe/Berlin or America/New_York."
        ) from None


DEFINITION_PATHS = ("models", "macros", "seeds", "dbt_project.yml")
DEFINITION_SETTINGS = ("SOURCE_TIMEZONE", "REPORTING_TIMEZONE", "PII_SALT")


def definition_fingerprint() -> str:
    """Hash of everything that decides how exports become tables."""
    digest = hashlib.sha256()
    for top in DEFINITION_PATHS:
        path = ROOT / top
        for file in sorted([path] if path.is_file() else path.rglob("*")):
            if file.is_file():
                digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes() + b"\0")
    for name in DEFINITION_SETTINGS:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    return digest.hexdigest()


def dbt_error_message(output: str) -> str:
    """The first error dbt reported, without its macro call stack."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if re.search(r"(Compilation|Runtime|Database|Parsing) Error", line):
            detail = []
            for follow in lines[i + 1:]:
                text = follow.strip()
                if not text or text.startswith(">"):
                    break
                detail.append(re.sub(r"^\S+\s+\d+ of \d+ \S+\s*", "", text))
            return " ".join(detail) or line.strip()
    return "dbt build failed; see the output above."


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    env = dict(os.environ)
    env.setdefault("DBT_PROFILES_DIR", str(ROOT))
    export_dir = env.setdefault("CRM_EXPORT_DIR", "data/sample")
    try:
        check_export_dir(export_dir)
        check_time_zone(env.get("SOURCE_TIMEZONE", "UTC"), "SOURCE_TIMEZONE")
        check_time_zone(env.get("REPORTING_TIMEZONE", "UTC"), "REPORTING_TIMEZONE")
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    db_path = Path(env.get("DBT_DUCKDB_PATH", "warehouse/contact_center.duckdb"))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    Path(env.get("DUCKDB_TEMP_DIRECTORY", "warehouse/tmp")).mkdir(parents=True, exist_ok=True)

    fingerprint_file = db_path.with_name(db_path.name + ".definition")
    fingerprint = definition_fingerprint()
    extra = []
    if db_path.exists() and "--full-refresh" not in argv and (
            not fingerprint_file.exists() or fingerprint_file.read_text().strip() != fingerprint):
        print("The project or its settings changed since the last build of this file: full refresh.", flush=True)
        extra.append("--full-refresh")

    dbt = Path(sys.executable).parent / "dbt"
    command = [str(dbt), "build", *argv, *extra]
    print(f"Building from {export_dir} into {db_path}", flush=True)
    fingerprint_file.unlink(missing_ok=True)
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        print(f"\nerror: {dbt_error_message(result.stdout)}", file=sys.stderr)
        return result.returncode
    fingerprint_file.write_text(fingerprint + "\n")
    print_summary(db_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
