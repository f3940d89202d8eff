"""CSV export files are read with the column names of their first line given to
DuckDB (macro csv_header_names), not sniffed at every scan: the names, and so the
keys of the raw row (`_raw_json`) and the matching of the format's columns, must be
the ones DuckDB's own header detection gives, for awkward headers too."""
import json
import subprocess

import duckdb

from conftest import BIN, ROOT, dbt_env

# quoted names with a comma and a doubled quote, spaces around names, a blank name,
# a name repeated in other case, an extra column; a byte-order mark and CRLF lines
HEADER = '"Contact_ID", Channel ,"created_at","note, free text","say ""hi""",,channel,CHANNEL,Extra'
ROW = 'c1,voice,2025-03-01T09:00:00Z,"a, b","x",blank,chat,sms,e'


def test_header_names_are_duckdbs_own(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    path = export / "contacts_odd.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\r\n{ROW}\r\n".encode())
    db = tmp_path / "wh.duckdb"
    result = subprocess.run(
        [str(BIN / "dbt"), "run-operation", "register_crm_export"], cwd=ROOT, capture_output=True, text=True,
        env=dbt_env(CRM_EXPORT_DIR=str(export), DBT_DUCKDB_PATH=str(db), DBT_TARGET_PATH=str(tmp_path / "target")),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]

    con = duckdb.connect(str(db), read_only=True)
    try:
        raw_json, contact_id, channel, created_at = con.execute(
            "select _raw_json, contact_id, channel, created_at from raw_crm_export.contacts").fetchall()[0]
        sniffed = con.execute(
            "select * from read_csv(?, all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"', "
            "auto_detect = true)", [str(path)])
        expected = dict(zip([column[0] for column in sniffed.description], sniffed.fetchall()[0]))
    finally:
        con.close()
    assert list(json.loads(raw_json).items()) == list(expected.items())
    assert len(expected) == 9 and expected["note, free text"] == "a, b" and expected['say "hi"'] == "x"
    # the format's columns match the first name that equals them ignoring case and spaces
    assert (contact_id, channel, created_at) == ("c1", "voice", "2025-03-01T09:00:00Z")
