"""The raw tweets of a Customer Support on Twitter (TWCS) export: every *.csv file in
env TWCS_EXPORT_DIR, one row per record with all columns as text, the file name,
its id (name, size and modification time), the record's 1-based position and the raw record as JSON. Empty when the variable
is not set.

Records are split on line feeds outside quotes only: a bare carriage return inside
an unquoted field (as in tweet 3399 of the public data) stays part of its field
instead of breaking the record, and a quoted field may span lines."""
import csv
import io
import json
import os
from pathlib import Path

import pyarrow as pa

COLUMNS = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"]


def records(text: str):
    """Records of a CSV text, split on LF outside double quotes."""
    start, quoted = 0, False
    for position, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "\n" and not quoted:
            yield text[start:position]
            start = position + 1
    if start < len(text) and text[start:].strip():
        yield text[start:]


def parse_record(record: str) -> list[str]:
    """Fields of one record; carriage returns are kept as data."""
    placeholder = "\x00"
    fields = next(csv.reader(io.StringIO(record.replace("\r", placeholder)), strict=True))
    return [field.replace(placeholder, "\r") for field in fields]


def model(dbt, session):
    dbt.config(materialized="table")
    folder = os.environ.get("TWCS_EXPORT_DIR", "").strip()
    rows = {name: [] for name in ["_file_name", "_file_id", "_row_number", *COLUMNS, "_raw_json"]}
    if folder:
        paths = sorted(Path(folder).glob("*.csv"))
        if not paths:
            raise ValueError(f"TWCS_EXPORT_DIR '{folder}' has no *.csv file of tweets.")
        for path in paths:
            stat = path.stat()
            file_id = f"{path.name}:{stat.st_size}:{int(stat.st_mtime * 1000)}"
            text = path.read_bytes().decode("utf-8-sig")  # no newline translation: CR stays data
            lines = records(text)
            header = [h.strip().lower() for h in parse_record(next(lines))]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ValueError(f"TWCS file {path.name} has no column(s) {', '.join(missing)}.")
            for number, record in enumerate(lines, start=1):
                values = parse_record(record)
                by_name = dict(zip(header, values))
                rows["_file_name"].append(path.name)
                rows["_file_id"].append(file_id)
                rows["_row_number"].append(number)
                for column in COLUMNS:
                    value = by_name.get(column)
                    rows[column].append(value if value not in (None, "") else None)
                rows["_raw_json"].append(json.dumps(
                    {"fields": values} if len(values) != len(header) else by_name, ensure_ascii=False))
    schema = pa.schema([("_file_name", pa.string()), ("_file_id", pa.string()), ("_row_number", pa.int64()),
                        *[(c, pa.string()) for c in COLUMNS], ("_raw_json", pa.string())])
    return pa.table(rows, schema=schema)
