"""The export format is defined once (macro crm_export_format) and described in the
source YAML and docs/export_format.md; the three must name the same columns."""
import re

import yaml

from conftest import ROOT


def macro_format() -> dict[str, list[tuple[str, bool]]]:
    text = (ROOT / "macros" / "loading" / "crm_export_format.sql").read_text()
    format_, entity = {}, None
    for line in text.splitlines():
        if m := re.match(r"\s+'(\w+)': \[", line):
            entity = m.group(1)
            format_[entity] = []
        elif m := re.match(r"\s+\{'name': '(\w+)'", line):
            format_[entity].append((m.group(1), "'required': true" in line))
    return format_


def test_source_yaml_describes_exactly_the_format_columns():
    spec = macro_format()
    sources = yaml.safe_load((ROOT / "models/staging/crm_export/_crm_export__sources.yml").read_text())
    tables = {t["name"]: t for t in sources["sources"][0]["tables"]}
    assert set(tables) == set(spec)
    for entity, columns in spec.items():
        described = [c["name"] for c in tables[entity]["columns"] if not c["name"].startswith("_")]
        assert described == [name for name, _ in columns], entity
        assert all(c.get("description") for c in tables[entity]["columns"]), entity


def test_docs_list_the_same_columns_and_required_marks():
    spec = macro_format()
    doc = (ROOT / "docs" / "export_format.md").read_text()
    for entity, columns in spec.items():
        row = re.search(rf"^\| `{entity}` \| (.+) \|$", doc, re.M)
        assert row, f"docs/export_format.md has no row for {entity}"
        without_notes = re.sub(r"\([^)]*\)", "", row.group(1))
        documented = [re.sub(r"[` ]", "", c) for c in without_notes.split(",")]
        expected = [name + ("*" if required else "") for name, required in columns]
        assert documented == expected, entity
