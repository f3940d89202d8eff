"""A hand-made dirty export: every bad row is quarantined with the right reason, every
good row arrives intact, and every raw row is accounted for."""
import csv
import io
import hashlib
import json
import shutil
from datetime import datetime

import duckdb
import pytest

from conftest import build_ok, query

CONTACT_COLUMNS = [
    "Channel", "Contact_ID", "Direction", "Queue", "Customer_ID", "Customer_Email", "Customer_Phone",
    "Created_At", "Queued_At", "Answered_At", "Ended_At", "Wrap_Ended_At", "Agent_ID", "Hold_Seconds",
    "Disposition", "Resolved_On_Contact", "Transferred_From_Contact_ID", "Updated_At", "Extra_Note",
]
NOTE = 'first line\nsecond line, with a comma and "quotes"'



def pii(value: str) -> str:
    """The salted hash staging stores for a normalized personal value (development salt)."""
    return hashlib.md5(f"development-salt-change-me|{value}".encode()).hexdigest()

def contact(contact_id, channel="voice", created="2025-03-01T09:00:00Z", **values):
    row = {"Contact_ID": contact_id, "Channel": channel, "Created_At": created}
    row.update({k.title().replace("Id", "ID"): v for k, v in values.items()})
    return row


def write_csv(path, columns, rows, *, bom=False, newline="\n"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


# (entity, file, row number) -> expected reason code
EXPECTED_REJECTS = {}


@pytest.fixture(scope="module")
def dirty_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("dirty")
    export = base / "export"
    export.mkdir()
    day1 = [
        contact("g_voice", "Phone", queue="sales, east", customer_id="cu1",
                queued_at="2025-03-01T09:00:05Z", answered_at="2025-03-01T09:00:25Z",
                ended_at="2025-03-01T09:05:00Z", wrap_ended_at="2025-03-01T09:06:00Z",
                agent_id="a1", hold_seconds="30", disposition="Resolved", resolved_on_contact="yes",
                extra_note=NOTE),
        contact("g_chat", "在线聊天", created="2025-03-01 10:00:00", customer_email=" Li.Wei@Example.CN ",
                queued_at="2025-03-01 10:00:00", answered_at="2025-03-01 10:00:40",
                ended_at="2025-03-01 10:10:40", agent_id="a2", resolved_on_contact="да"),
        contact("g_email", "E-mail", created="2025-03-01T11:00:00+03:00", customer_phone="+7 (912) 345-67-89",
                direction="INBOUND", queued_at="2025-03-01T11:00:00+03:00",
                answered_at="2025-03-02T09:00:00+03:00", agent_id="a1"),
        contact("b_ts", created="2025-02-30T10:00:00Z"),
        contact("b_ts_opt", answered_at="soon"),
        contact("b_chan", "fax"),
        contact("b_hold", answered_at="2025-03-01T09:00:10Z", ended_at="2025-03-01T09:01:00Z", hold_seconds="-30"),
        contact("b_end", ended_at="2025-03-01T08:59:00Z"),
        contact("b_req", created=""),
        contact("b_clash", queue="sales"),
        contact("b_clash", queue="billing"),
        contact("upd", queue="support", disposition="follow up", updated_at="2025-03-01T12:00:00Z"),
    ]
    write_csv(export / "contacts_20250301.csv", CONTACT_COLUMNS, day1, bom=True, newline="\r\n")
    day2 = [
        contact("upd", queue="support", disposition="resolved", updated_at="2025-03-02T08:00:00Z"),
        contact("g_late", "WhatsApp", created="2025-03-02T07:00:00Z", customer_id="cu2"),
    ]
    write_csv(export / "contacts_20250302.csv", CONTACT_COLUMNS[:-1], day2)
    shutil.copy(export / "contacts_20250302.csv", export / "contacts_20250302_again.csv")
    for row, reason in [(4, "unparseable_timestamp"), (5, "unparseable_timestamp"), (6, "unknown_channel"),
                        (7, "negative_duration"), (8, "end_before_start"), (9, "missing_required"),
                        (10, "conflicting_duplicate_key"), (11, "conflicting_duplicate_key")]:
        EXPECTED_REJECTS[("contacts", "contacts_20250301.csv", row)] = reason

    write_csv(export / "customers_20250301.csv", ["customer_id", "full_name", "email", "phone", "country"], [
        {"customer_id": "cu1", "full_name": "张伟", "email": "ZHANG.WEI@EXAMPLE.CN", "phone": "+86 138 0013 8000", "country": "CN"},
        {"customer_id": "cu2", "full_name": "Иван Петров", "email": "ivan@example.ru", "phone": "+7 912 345-67-89", "country": "RU"},
        {"customer_id": "cu3", "full_name": "María José", "email": "mj@example.es", "phone": "", "country": "ES"},
    ])
    write_csv(export / "surveys_20250302.csv", ["response_id", "contact_id", "survey_type", "score", "responded_at"], [
        {"response_id": "r1", "contact_id": "g_voice", "survey_type": "CSAT", "score": "5", "responded_at": "2025-03-02T10:00:00Z"},
        {"response_id": "r2", "contact_id": "g_voice", "survey_type": "nps", "score": "11", "responded_at": "2025-03-02T10:00:00Z"},
        {"response_id": "r3", "contact_id": "g_chat", "survey_type": "fcr", "score": "Да", "responded_at": ""},
    ])
    EXPECTED_REJECTS[("surveys", "surveys_20250302.csv", 2)] = "score_out_of_range"
    write_csv(export / "agent_states_20250301.csv", ["agent_id", "state", "started_at", "ended_at"], [
        {"agent_id": "a1", "state": "Available", "started_at": "2025-03-01T08:00:00Z", "ended_at": "2025-03-01T09:00:25Z"},
        {"agent_id": "a1", "state": "napping", "started_at": "2025-03-01T09:10:00Z", "ended_at": ""},
    ])
    EXPECTED_REJECTS[("agent_states", "agent_states_20250301.csv", 2)] = "unknown_agent_state"
    message_columns = ["message_id", "contact_id", "channel", "customer_id", "customer_handle",
                       "sender_type", "agent_id", "sent_at", "text_length"]
    write_csv(export / "messages_20250301.csv.tmp", message_columns, [
        {"message_id": "m1", "contact_id": "g_chat", "sender_type": "Customer", "sent_at": "2025-03-01 10:00:00", "text_length": "42"},
        {"message_id": "m2", "contact_id": "g_chat", "sender_type": "AGENT", "agent_id": "a2", "sent_at": "2025-03-01 10:00:40", "text_length": "80"},
        {"message_id": "m3", "channel": "WhatsApp", "customer_handle": " @Li_Wei ", "sender_type": "customer", "sent_at": "2025-03-01T12:00:00Z"},
        {"message_id": "m4", "contact_id": "g_chat", "sender_type": "robot", "sent_at": "2025-03-01T12:00:00Z"},
        {"message_id": "m5", "sender_type": "customer", "sent_at": "2025-03-01T12:00:00Z"},
    ])
    import gzip
    (export / "messages_20250301.csv.gz").write_bytes(gzip.compress((export / "messages_20250301.csv.tmp").read_bytes()))
    (export / "messages_20250301.csv.tmp").unlink()
    EXPECTED_REJECTS[("messages", "messages_20250301.csv.gz", 4)] = "invalid_value"
    EXPECTED_REJECTS[("messages", "messages_20250301.csv.gz", 5)] = "missing_required"

    db = base / "wh.duckdb"
    build_ok(export, db)
    return db


def test_each_bad_row_is_quarantined_with_its_reason(dirty_build):
    rows = query(dirty_build, "select entity, file_name, row_number, reason_code, reason_message, raw_row "
                              "from quarantine.rejected_rows")
    got = {(entity, file_name, row_number): reason for entity, file_name, row_number, reason, _, _ in rows}
    assert got == EXPECTED_REJECTS
    assert all(message for *_, message, _ in rows)
    by_key = {(e, f, n): (msg, json.loads(raw)) for e, f, n, _, msg, raw in rows}
    message, raw = by_key[("contacts", "contacts_20250301.csv", 4)]
    assert raw["Contact_ID"] == "b_ts" and "2025-02-30T10:00:00Z" in message and "created_at" in message


def test_good_contacts_arrive_intact(dirty_build):
    rows = query(dirty_build, """
        select contact_id, channel, direction, queue, customer_id, customer_email_hash, customer_phone_hash,
               created_at, queued_at, answered_at, ended_at, wrap_ended_at, agent_id, hold_seconds,
               disposition, resolved_on_contact
        from main.stg_crm_export__contacts order by contact_id""")
    got = {r[0]: r for r in rows}
    assert set(got) == {"g_voice", "g_chat", "g_email", "g_late", "upd"}
    assert got["g_voice"] == ("g_voice", "voice", "inbound", "sales, east", "cu1", None, None,
                              datetime(2025, 3, 1, 9, 0), datetime(2025, 3, 1, 9, 0, 5), datetime(2025, 3, 1, 9, 0, 25),
                              datetime(2025, 3, 1, 9, 5), datetime(2025, 3, 1, 9, 6), "a1", 30, "Resolved", True)
    assert got["g_chat"][1] == "chat" and got["g_chat"][5] == pii("email:li.wei@example.cn")
    assert got["g_chat"][7] == datetime(2025, 3, 1, 10, 0) and got["g_chat"][15] is True
    assert got["g_email"][1] == "email" and got["g_email"][6] == pii("phone:79123456789")
    assert got["g_email"][7] == datetime(2025, 3, 1, 8, 0) and got["g_email"][9] == datetime(2025, 3, 2, 6, 0)
    assert got["g_late"][1] == "messaging" and got["g_late"][13] == 0
    assert got["upd"][14] == "resolved", "the later updated_at version replaces the earlier one"


def test_extra_columns_and_multiline_text_survive(dirty_build):
    (raw,) = query(dirty_build, "select _raw_json from raw_crm_export.contacts where contact_id = 'g_voice'")[0]
    assert json.loads(raw)["Extra_Note"] == NOTE
    # staging keeps the raw row (personal data in clear) only for rows with a defect
    assert query(dirty_build, "select count(*) from main.base_crm_export__contacts "
                              "where _raw_json is not null and _row_status = 'staged'") == [(0,)]


def test_names_in_every_script_arrive_intact(dirty_build):
    rows = dict(query(dirty_build, "select customer_id, name_hash from main.stg_crm_export__customers"))
    assert rows == {"cu1": pii("name:张伟"), "cu2": pii("name:Иван Петров"), "cu3": pii("name:María José")}
    phones = dict(query(dirty_build, "select customer_id, phone_hash from main.stg_crm_export__customers"))
    assert phones == {"cu1": pii("phone:8613800138000"), "cu2": pii("phone:79123456789"), "cu3": None}


def test_duplicated_file_and_old_versions_collapse(dirty_build):
    rows = dict(query(dirty_build, "select _row_status, count(*) from main.base_crm_export__contacts group by 1"))
    assert rows == {"staged": 5, "rejected": 8, "duplicate": 2, "superseded": 1}


def test_every_raw_row_is_accounted_for(dirty_build):
    for entity in ["contacts", "customers", "messages", "surveys", "agent_states", "orders", "agents", "ticket_events"]:
        (raw,) = query(dirty_build, f"select count(*) from raw_crm_export.{entity}")[0]
        (staged,) = query(dirty_build, f"select count(*) from main.stg_crm_export__{entity}")[0]
        (rejected,) = query(dirty_build, "select count(*) from quarantine.rejected_rows where entity = ?", [entity])[0]
        (collapsed,) = query(dirty_build, f"select count(*) from main.base_crm_export__{entity} "
                                          "where _row_status in ('duplicate', 'superseded')")[0]
        assert raw == staged + rejected + collapsed, entity


def test_missing_entities_build_empty(dirty_build):
    assert query(dirty_build, "select count(*) from main.stg_crm_export__orders") == [(0,)]
    assert query(dirty_build, "select count(*) from main.stg_crm_export__ticket_events") == [(0,)]


def test_no_table_outside_the_quarantine_holds_personal_data_in_clear(dirty_build):
    """Emails, phones, names and handles of the export appear nowhere in staging,
    intermediate or mart tables, except in the raw row kept for rows with a defect."""
    planted = ["@example", "9123456789", "13800138000", "张伟", "Иван", "li_wei"]
    columns = query(dirty_build, """
        select c.table_name, c.column_name
        from information_schema.columns as c
        where c.table_schema = 'main' and c.data_type = 'VARCHAR' and c.column_name <> '_raw_json'""")
    tables: dict[str, list[str]] = {}
    for table, column in columns:
        tables.setdefault(table, []).append(column)
    assert len(tables) > 30
    found = []
    con = duckdb.connect(str(dirty_build), read_only=True)
    try:
        for table, table_columns in tables.items():
            checks = [(column, value) for column in table_columns for value in planted]
            counts = con.execute(
                "select " + ", ".join(f'count(*) filter (where lower("{column}") like ?)' for column, _ in checks)
                + f' from main."{table}"', [f"%{value.lower()}%" for _, value in checks]).fetchone()
            found += [(table, column, value) for (column, value), hits in zip(checks, counts) if hits]
    finally:
        con.close()
    assert found == []
