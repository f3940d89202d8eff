"""The generator's output builds: every planted defect is quarantined with its reason,
re-deliveries collapse, updates supersede, and the generator is deterministic."""
import filecmp
import json

import pytest

from conftest import build_ok, generate, query


@pytest.fixture(scope="module")
def generated_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("generated")
    export = generate(base / "export", 100000, 30)
    db = base / "wh.duckdb"
    result = build_ok(export, db)
    return export, db, json.loads((export / "_manifest.json").read_text()), result


def test_build_prints_the_summary(generated_build):
    *_, result = generated_build
    assert "Staged rows per entity" in result.stdout
    assert "Headline KPIs" in result.stdout
    assert "DuckDB file:" in result.stdout


def test_every_planted_defect_is_quarantined_with_its_reason(generated_build):
    _, db, manifest, _ = generated_build
    planted = {(entity, reason): count
               for entity, reasons in manifest["dirty_rows"].items()
               for reason, count in reasons.items() if count}
    got = dict(((entity, reason), count) for entity, reason, count in query(
        db, "select entity, reason_code, count(*) from quarantine.rejected_rows group by all"))
    assert got == planted


def test_redelivered_rows_collapse_and_updates_supersede(generated_build):
    _, db, manifest, _ = generated_build
    for entity, count in manifest["exact_duplicate_rows"].items():
        assert query(db, f"select count(*) from main.base_crm_export__{entity} "
                         "where _row_status = 'duplicate'") == [(count,)], entity
    assert query(db, "select count(*) from main.base_crm_export__contacts "
                     "where _row_status = 'superseded'") == [(manifest["contact_updates"],)]


def test_staged_plus_quarantined_plus_collapsed_is_everything_written(generated_build):
    _, db, manifest, _ = generated_build
    for entity, written in manifest["rows_written"].items():
        (accounted,) = query(db, f"select count(*) from main.base_crm_export__{entity}")[0]
        (raw,) = query(db, f"select count(*) from raw_crm_export.{entity}")[0]
        assert raw == written == accounted, entity


def test_generator_is_deterministic(tmp_path):
    first = generate(tmp_path / "a", 2000, 5)
    second = generate(tmp_path / "b", 2000, 5)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert not mismatch and not errors
    different_seed = generate(tmp_path / "c", 2000, 5, "--seed", "43")
    assert (different_seed / "contacts_20250303.csv").read_bytes() != (first / "contacts_20250303.csv").read_bytes()
