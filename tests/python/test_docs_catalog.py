"""`dbt docs generate` on a full build (demo export and the three real sources):
every model, seed and exposure is described, and so is every column the catalog
finds in the warehouse's tables and views."""
from __future__ import annotations

import json
import shutil
import subprocess

from conftest import BIN, ROOT, dbt_env


def test_every_model_column_and_exposure_is_described(real_build, tmp_path):
    folder, db = real_build
    copy = tmp_path / "docs.duckdb"  # docs generate runs the hooks; keep the shared build as it is
    shutil.copy2(db, copy)
    target = tmp_path / "target"
    result = subprocess.run(
        [str(BIN / "dbt"), "docs", "generate", "--quiet"], cwd=ROOT, capture_output=True, text=True,
        env=dbt_env(DBT_DUCKDB_PATH=str(copy), DBT_TARGET_PATH=str(target),
                    DUCKDB_TEMP_DIRECTORY=str(tmp_path / "tmp"), CRM_EXPORT_DIR=str(ROOT / "data" / "sample"),
                    ANONYMOUS_BANK_DIR=str(folder / "anonymous_bank_1999" / "raw_monthly"),
                    SERVICENOW_EXPORT_DIR=str(folder / "uci_incident_event_log"),
                    TWCS_EXPORT_DIR=str(folder / "twcs_head5000"), REPORTING_TIMEZONE="Asia/Jerusalem"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    undescribed = []
    nodes = {uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] in ("model", "seed")}
    assert len(nodes) > 50
    for uid, node in nodes.items():
        if not node.get("description", "").strip():
            undescribed.append(node["name"])
        assert uid in catalog["nodes"], f"{node['name']} is not in the catalog"
        for column in catalog["nodes"][uid]["columns"]:
            if not node["columns"].get(column.lower(), {}).get("description", "").strip():
                undescribed.append(f"{node['name']}.{column}")
    undescribed += [e["name"] for e in manifest["exposures"].values() if not e.get("description", "").strip()]
    undescribed += [m["name"] for m in manifest["metrics"].values() if not m.get("description", "").strip()]
    assert not undescribed, f"undescribed in the docs: {undescribed}"
