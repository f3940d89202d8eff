"""Print what a build produced: rows per staged entity, rows quarantined by reason."""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

STAGED = (
    "agents", "customers", "contacts", "messages",
    "ticket_events", "agent_states", "surveys", "orders",
)


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
    finally:
        con.close()
    print(f"\nDuckDB file: {db_path.resolve()}")


if __name__ == "__main__":
    print_summary(Path(sys.argv[1] if len(sys.argv) > 1 else "warehouse/contact_center.duckdb"))
