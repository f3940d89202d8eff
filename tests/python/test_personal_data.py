"""No mart holds an email address or a phone number in clear: the no_personal_data
test scans every text column of every mart, and catches one planted in a free-text
field."""
import shutil

from conftest import ROOT, run_build

PLANTED = (
    "contact_id,channel,created_at,queued_at,answered_at,ended_at,agent_id,disposition\n"
    "pii-1,voice,2025-03-05T10:00:00Z,2025-03-05T10:00:00Z,2025-03-05T10:00:10Z,2025-03-05T10:05:00Z,"
    "a1,call back jane.doe@example.com\n"
    "pii-2,voice,2025-03-05T11:00:00Z,2025-03-05T11:00:00Z,2025-03-05T11:00:10Z,2025-03-05T11:05:00Z,"
    "a1,\"call +1 (555) 010-2345 tomorrow\"\n"
)


def test_a_planted_email_and_phone_are_caught(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(ROOT / "data" / "sample", export)
    (export / "contacts_planted.csv").write_text(PLANTED)
    result = run_build(export, tmp_path / "wh.duckdb")
    assert result.returncode != 0
    assert "FAIL 2 no_personal_data_fct_contacts_" in result.stdout
