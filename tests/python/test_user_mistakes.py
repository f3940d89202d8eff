"""A user mistake stops the build with one clear message naming the problem, not a
stack trace."""
import subprocess
import sys

from conftest import BIN, ROOT, dbt_env, run_build

CONTACTS_HEADER = (
    "contact_id,channel,direction,queue,customer_id,customer_email,customer_phone,created_at,"
    "queued_at,answered_at,ended_at,wrap_ended_at,agent_id,hold_seconds,disposition,"
    "resolved_on_contact,transferred_from_contact_id,updated_at\n"
)


def assert_one_clear_error(result, *expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    for text in expected:
        assert text in errors[0], errors[0]


def test_missing_export_folder(tmp_path):
    result = run_build(tmp_path / "no_such_folder", tmp_path / "wh.duckdb")
    assert_one_clear_error(result, "CRM_EXPORT_DIR", "no_such_folder", "does not exist")


def test_folder_without_export_files(tmp_path):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "notes.txt").write_text("nothing here")
    result = run_build(tmp_path / "export", tmp_path / "wh.duckdb")
    assert_one_clear_error(result, "CRM_EXPORT_DIR", "no export files")


def test_contacts_file_without_a_required_column(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    header = CONTACTS_HEADER.replace("created_at,", "")
    (export / "contacts_1.csv").write_text(header + "c1,voice" + "," * (header.count(",") - 1) + "\n")
    result = run_build(export, tmp_path / "wh.duckdb")
    assert_one_clear_error(result, "contacts_1.csv", "created_at", "required")


def test_unknown_source_timezone(tmp_path):
    result = run_build(ROOT / "data" / "sample", tmp_path / "wh.duckdb", SOURCE_TIMEZONE="Mars/Olympus_Mons")
    assert_one_clear_error(result, "Mars/Olympus_Mons", "time zone")


def test_dbt_itself_names_the_problem(tmp_path):
    """Called without the build script, dbt's own checks give the same messages."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "contacts_1.csv").write_text("contact_id,channel\nc1,voice\n")
    for env, expected in [
        ({"CRM_EXPORT_DIR": str(tmp_path / "missing")}, "is not a folder with export files"),
        ({"CRM_EXPORT_DIR": str(export)}, "has no column 'created_at', which is required"),
        ({"CRM_EXPORT_DIR": str(ROOT / "data" / "sample"), "SOURCE_TIMEZONE": "Nowhere/Land"},
         "Unknown time zone 'Nowhere/Land'"),
    ]:
        result = subprocess.run(
            [str(BIN / "dbt"), "run", "--select", "stg_crm_export__contacts"],
            cwd=ROOT, capture_output=True, text=True,
            env=dbt_env(DBT_DUCKDB_PATH=str(tmp_path / "direct.duckdb"), **env),
        )
        assert result.returncode != 0
        assert expected in result.stdout
        assert "Traceback" not in result.stdout + result.stderr


def test_report_of_a_file_that_is_not_a_warehouse(tmp_path):
    import duckdb

    report = [sys.executable, str(ROOT / "scripts" / "report.py"), "--out", str(tmp_path / "report.html")]
    missing = subprocess.run([*report, "--db", str(tmp_path / "none.duckdb")], capture_output=True, text=True)
    assert_one_clear_error(missing, "none.duckdb", "does not exist")
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    result = subprocess.run([*report, "--db", str(empty)], capture_output=True, text=True)
    assert_one_clear_error(result, "empty.duckdb", "not a built warehouse")
    assert not (tmp_path / "report.html").exists()
