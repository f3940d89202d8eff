#!/usr/bin/env python3
"""Generate synthetic CRM exports in the canonical export format v1.

The script simulates a multi-channel contact center (voice, chat, email and
messaging) and writes the daily drops the warehouse ingests. The data is used
as the committed demo export (``data/sample``), as test fixtures and for
benchmarks up to ~10M contacts.

Usage::

    python scripts/generate_exports.py --contacts 3000 --days 14 --out data/sample
    python scripts/generate_exports.py --contacts 1000000 --days 60 \\
        --out /tmp/bench --format parquet --seed 7

Options:

    --contacts N      approximate number of customer contacts in the period,
                      messaging conversations included (those only appear in
                      the messages files; contacts are derived from them later)
    --days D          number of daily drops to write
    --out DIR         output folder (files of a previous run there are replaced)
    --start DATE      first day, default 2025-03-03
    --seed S          random seed, default 42; same arguments => same bytes
    --dirty-rate R    share of planted defective rows per entity, default 0.005
                      (0 disables them)
    --format F        csv (default), csv.gz or parquet
    --agents K        roster size; by default derived from the volume

Output layout::

    <out>/agents.csv                      the roster (agents.csv.gz / .parquet)
    <out>/<entity>_<YYYYMMDD>.csv         one file per entity and day with rows
    <out>/_manifest.json                  description of the run (see below)

The manifest holds the arguments, the period (first and last day, holiday),
the roster size, rows_written and files_written per entity, dirty_rows per
entity and reason code (plus dirty_rows_total), exact_duplicate_rows for
contacts, messages and surveys, contact_updates (contact rows re-delivered as
updated versions) and customer_updates. It contains no timings, so repeated
runs are byte-identical.

Daily entities are customers, contacts, messages, ticket_events,
agent_states, surveys and orders. A row lands in the drop of the (UTC) day of
its main timestamp: customers.created_at (re-delivered customer versions:
updated_at), contacts.created_at, messages.sent_at, ticket_events.changed_at,
agent_states.started_at, surveys.responded_at and orders.ordered_at. Rows
whose day falls after the last day are not written (not exported yet).
Overlapping drops are simulated on purpose: a small share of contacts,
messages and surveys is delivered again, unchanged, in the next day's file,
and about 1% of contacts is re-delivered in the next day's file as an updated
version (later updated_at, disposition or wrap_ended_at filled in).

CSV files have a header line, comma separators, RFC 4180 quoting (only fields
containing a comma, quote or line break are quoted), UTF-8 and LF line ends;
an empty field is a missing value. Parquet files hold the same text values in
string columns. Timestamps are ISO-8601 UTC with second precision
(``2025-03-03T09:15:02Z``).

Dirty rows (``--dirty-rate``) carry exactly one defect each and are counted in
the manifest by reason code: missing_required, unparseable_timestamp,
unknown_channel, end_before_start, negative_duration, score_out_of_range and
conflicting_duplicate_key (both rows of a conflicting pair are counted). They
use fresh keys and nothing references them. The agents file is reference data
and is always clean.

The simulation runs one day at a time and only keeps bounded state between
days (scheduled repeat contacts, rows due in later drops such as late surveys,
email replies and ticket events, and email work of agents on later shifts), so
memory stays flat for any volume. Agents have a skill (voice, chat or digital
= email and messaging), an 8 h shift starting at 00, 06, 08, 10, 14 or 16 UTC
and a weekly pattern (Mon-Fri, Thu-Mon or Sat-Wed); head counts come from the
expected hourly load (Erlang C for voice) unless --agents is given. Voice and
chat are served by an event simulation per day: agents only take contacts
during their shift, a voice agent never has two overlapping calls (answer or
dial to wrap end) and a chat agent holds at most three chats at once. Agent
states cover each shift without gaps or overlaps and end with an offline row
that starts at the shift end (or when a contact running past it is wrapped up)
and lasts until the agent's next shift.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import gzip
import heapq
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

FORMAT_VERSION = 1
DAY = 86400
HOUR = 3600

COLUMNS = {
    "agents": ["agent_id", "agent_name", "team", "site", "email", "hired_on", "active"],
    "customers": ["customer_id", "full_name", "email", "phone", "country", "created_at", "updated_at"],
    "contacts": [
        "contact_id", "channel", "direction", "queue", "customer_id", "customer_email",
        "customer_phone", "created_at", "queued_at", "answered_at", "ended_at", "wrap_ended_at",
        "agent_id", "hold_seconds", "disposition", "resolved_on_contact",
        "transferred_from_contact_id", "updated_at",
    ],
    "messages": [
        "message_id", "contact_id", "channel", "customer_id", "customer_handle", "sender_type",
        "agent_id", "sent_at", "text_length",
    ],
    "ticket_events": ["contact_id", "status", "changed_at"],
    "agent_states": ["agent_id", "state", "started_at", "ended_at"],
    "surveys": ["response_id", "contact_id", "survey_type", "score", "responded_at"],
    "orders": ["order_id", "customer_id", "ordered_at", "amount", "currency"],
}
DAILY_ENTITIES = ("customers", "contacts", "messages", "ticket_events", "agent_states", "surveys", "orders")
TIMESTAMP_COLUMNS = {
    "customers": ["created_at", "updated_at"],
    "contacts": ["created_at", "queued_at", "answered_at", "ended_at", "wrap_ended_at", "updated_at"],
    "messages": ["sent_at"],
    "ticket_events": ["changed_at"],
    "agent_states": ["started_at", "ended_at"],
    "surveys": ["responded_at"],
    "orders": ["ordered_at"],
}
REQUIRED_COLUMNS = {
    "customers": ["customer_id"],
    "contacts": ["contact_id", "channel", "created_at"],
    "messages": ["message_id", "sender_type", "sent_at"],
    "ticket_events": ["contact_id", "status", "changed_at"],
    "agent_states": ["agent_id", "state", "started_at"],
    "surveys": ["response_id", "contact_id", "survey_type", "score"],
    "orders": ["order_id", "customer_id", "ordered_at"],
}
KEY_COLUMN = {
    "customers": "customer_id",
    "contacts": "contact_id",
    "messages": "message_id",
    "surveys": "response_id",
    "orders": "order_id",
}
REASONS = (
    "missing_required", "unparseable_timestamp", "unknown_channel", "end_before_start",
    "negative_duration", "score_out_of_range", "conflicting_duplicate_key",
)
APPLICABLE_REASONS = {
    "customers": ("missing_required", "unparseable_timestamp", "conflicting_duplicate_key"),
    "contacts": ("missing_required", "unparseable_timestamp", "unknown_channel", "end_before_start",
                 "negative_duration", "conflicting_duplicate_key"),
    "messages": ("missing_required", "unparseable_timestamp", "conflicting_duplicate_key"),
    "ticket_events": ("missing_required", "unparseable_timestamp"),
    "agent_states": ("missing_required", "unparseable_timestamp", "end_before_start"),
    "surveys": ("missing_required", "unparseable_timestamp", "score_out_of_range",
                "conflicting_duplicate_key"),
    "orders": ("missing_required", "unparseable_timestamp", "conflicting_duplicate_key"),
}
MIN_ROWS_FOR_EVERY_DEFECT = 200
# Row tags (hidden column) used for the manifest counts.
TAG_ORIGINAL, TAG_DUPLICATE, TAG_UPDATE, TAG_DIRTY = 0, 1, 2, 10

BAD_TIMESTAMPS = ("2025-13-45 25:61", "yesterday", "31/02/2025 10:00", "2025-02-30T10:00:00Z",
                  "0000-00-00 00:00:00", "soon", "12/31/2025 25:00")
UNKNOWN_CHANNELS = ("fax", "pigeon", "Fax", "carrier pigeon", "telex", "smoke signal")

# ----------------------------------------------------------------------------------------------
# Vocabulary
# ----------------------------------------------------------------------------------------------
VOICE, CHAT, EMAIL, MESSAGING = 0, 1, 2, 3
CHANNEL_SHARE = np.array([0.45, 0.30, 0.15, 0.10])
CONVERSATIONS_PER_THREAD = 1.25  # messaging threads hold several conversations on average
CHANNEL_ALIASES = {
    VOICE: ["Phone", "phone", "PHONE", "call", "Call", "CALL", "Telephone", "telephone", "TELEPHONE",
            "телефон", "Телефон", "电话"],
    CHAT: ["Live Chat", "live chat", "LIVE CHAT", "Web Chat", "web chat", "WEB CHAT", "чат", "Чат",
           "在线聊天"],
    EMAIL: ["E-mail", "e-mail", "E-MAIL", "Mail", "mail", "MAIL", "邮件", "почта", "Почта"],
}
CHANNEL_LABELS = ["voice", "chat", "email"]
CHANNEL_ALIAS_CODES = {}
for _ch in (VOICE, CHAT, EMAIL):
    CHANNEL_ALIAS_CODES[_ch] = np.arange(len(CHANNEL_LABELS), len(CHANNEL_LABELS) + len(CHANNEL_ALIASES[_ch]))
    CHANNEL_LABELS += CHANNEL_ALIASES[_ch]
MESSAGING_LABELS = ["whatsapp", "WhatsApp", "messaging", "sms", "SMS", "telegram", "Telegram", "wechat", "微信"]
MESSAGING_LABEL_P = np.array([0.30, 0.08, 0.17, 0.12, 0.05, 0.12, 0.05, 0.05, 0.06])
MESSAGING_PHONE_HANDLE = np.array([1, 1, 0, 1, 1, 0, 0, 0, 0], dtype=bool)

QUEUES = ["sales", "support", "billing", "tech"]
QUEUE_P = np.array([0.20, 0.45, 0.20, 0.15])
DIRECTION_LABELS = ["inbound", "Inbound", "INBOUND", "outbound", "Outbound", "OUTBOUND"]
DISPOSITIONS = ["resolved", "info_provided", "sale", "follow_up", "escalated", "callback_scheduled",
                "transferred", "self_service", "no_answer", "voicemail"]
D_RESOLVED, D_INFO, D_SALE, D_FOLLOW, D_ESCALATED, D_CALLBACK, D_TRANSFERRED, D_SELF, D_NOANSWER, \
    D_VOICEMAIL = range(10)
ANSWERED_DISPOSITION_P = np.array([0.46, 0.20, 0.07, 0.12, 0.08, 0.07])
RESOLVING_DISPOSITIONS = np.array([D_RESOLVED, D_INFO, D_SALE])
BOOL_LABELS = ["true", "yes", "1", "Y", "да", "是", "false", "no", "0", "N", "нет", "否"]
SENDER_TYPES = ["customer", "agent", "bot", "system"]
S_CUSTOMER, S_AGENT, S_BOT, S_SYSTEM = range(4)
TICKET_STATUSES = ["new", "open", "pending", "on_hold", "solved", "closed"]
T_NEW, T_OPEN, T_PENDING, T_ON_HOLD, T_SOLVED, T_CLOSED = range(6)
SURVEY_TYPES = ["csat", "nps", "fcr"]
CURRENCIES = ["USD", "EUR", "RUB", "CNY"]
CURRENCY_RATE = np.array([1.0, 0.92, 90.0, 7.2])

# Agent state kinds, in priority order (lower wins when intervals overlap).
K_CONTACT, K_WRAP, K_BREAK, K_LUNCH, K_TRAINING, K_AVAILABLE, K_OFFLINE = range(7)
STATE_VARIANTS = [
    ["on contact", "On Contact", "ON CONTACT", "On contact"],
    ["wrap", "Wrap", "WRAP"],
    ["break", "Break", "BREAK"],
    ["lunch", "Lunch", "LUNCH"],
    ["training", "Training"],
    ["available", "Available", "AVAILABLE"],
    ["offline", "Offline", "OFFLINE"],
]
STATE_LABELS = [s for group in STATE_VARIANTS for s in group]
STATE_FIRST_CODE = np.cumsum([0] + [len(g) for g in STATE_VARIANTS])[:-1]
STATE_N_VARIANTS = np.array([len(g) for g in STATE_VARIANTS])

COUNTRIES = ["US", "GB", "DE", "ES", "MX", "RU", "KZ", "CN"]
COUNTRY_DIAL = ["1", "44", "49", "34", "52", "7", "7", "86"]
COUNTRY_CURRENCY = np.array([0, 0, 1, 1, 0, 2, 2, 3])
# Canonical phone layout per country: (literal, slice start, slice end) pieces of the national number.
PHONE_LAYOUT = [
    [("+1 (", 0, 3), (") ", 3, 6), ("-", 6, 10)],
    [("+44 ", 0, 4), (" ", 4, 10)],
    [("+49 ", 0, 3), (" ", 3, 10)],
    [("+34 ", 0, 3), (" ", 3, 6), (" ", 6, 9)],
    [("+52 ", 0, 2), (" ", 2, 6), (" ", 6, 10)],
    [("+7 ", 0, 3), (" ", 3, 6), ("-", 6, 8), ("-", 8, 10)],
    [("+7 ", 0, 3), (" ", 3, 6), ("-", 6, 8), ("-", 8, 10)],
    [("+86 ", 0, 3), (" ", 3, 7), (" ", 7, 11)],
]

# (native spelling, ascii for e-mail addresses, latin display form)
LATIN_FIRST = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
               "Elizabeth", "Sophie", "Lukas", "Emma", "Noah", "Olivia", "Liam", "Chloé", "François",
               "Zoë", "Søren", "Ana", "Mateo", "María José", "José Luis", "Lucía", "Jürgen", "Małgorzata",
               "Siobhán", "Björn", "Camille", "Léa", "Hugo", "Álvaro", "Sebastián", "Valentina",
               "Ximena", 'Robert "Bob"', "Mary-Kate", "Jean-Luc", "Ngozi"]
LATIN_FIRST_ASCII = ["james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "david",
                     "elizabeth", "sophie", "lukas", "emma", "noah", "olivia", "liam", "chloe", "francois",
                     "zoe", "soren", "ana", "mateo", "mariajose", "joseluis", "lucia", "juergen", "malgorzata",
                     "siobhan", "bjorn", "camille", "lea", "hugo", "alvaro", "sebastian", "valentina",
                     "ximena", "bob", "marykate", "jeanluc", "ngozi"]
LATIN_LAST = ["Smith", "Johnson", "Williams", "Brown", "García", "Martínez", "Müller", "Schmidt",
              "Dubois", "O'Connor", "Rossi", "López", "Hernández", "Nguyen", "Kowalski", "Fernández",
              "Schäfer", "Lefèvre", "MacDonald", "van der Berg", "da Silva", "Jones", "Taylor", "Moore",
              "Rodríguez", "Okafor", "Santos", "Reyes"]
LATIN_LAST_ASCII = ["smith", "johnson", "williams", "brown", "garcia", "martinez", "mueller", "schmidt",
                    "dubois", "oconnor", "rossi", "lopez", "hernandez", "nguyen", "kowalski", "fernandez",
                    "schaefer", "lefevre", "macdonald", "vanderberg", "dasilva", "jones", "taylor", "moore",
                    "rodriguez", "okafor", "santos", "reyes"]
CYR_FIRST_M = [("Иван", "ivan", "Ivan"), ("Алексей", "aleksey", "Aleksey"), ("Дмитрий", "dmitry", "Dmitry"),
               ("Сергей", "sergey", "Sergey"), ("Павел", "pavel", "Pavel"), ("Андрей", "andrey", "Andrey"),
               ("Михаил", "mikhail", "Mikhail"), ("Николай", "nikolay", "Nikolay"), ("Артём", "artem", "Artem"),
               ("Юрий", "yury", "Yury"), ("Нурлан", "nurlan", "Nurlan")]
CYR_FIRST_F = [("Мария", "maria", "Maria"), ("Ольга", "olga", "Olga"), ("Анна", "anna", "Anna"),
               ("Елена", "elena", "Elena"), ("Наталья", "natalya", "Natalya"), ("Татьяна", "tatyana", "Tatyana"),
               ("Екатерина", "ekaterina", "Ekaterina"), ("Ирина", "irina", "Irina"), ("Юлия", "yulia", "Yulia"),
               ("Светлана", "svetlana", "Svetlana"), ("Айгерим", "aigerim", "Aigerim")]
CYR_LAST = [("Петров", "petrov"), ("Иванов", "ivanov"), ("Смирнов", "smirnov"), ("Кузнецов", "kuznetsov"),
            ("Попов", "popov"), ("Соколов", "sokolov"), ("Лебедев", "lebedev"), ("Козлов", "kozlov"),
            ("Новиков", "novikov"), ("Морозов", "morozov"), ("Волков", "volkov"), ("Фёдоров", "fedorov")]
CN_SURNAME = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
              ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
              ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("林", "lin"), ("高", "gao")]
CN_GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("磊", "lei"),
            ("强", "qiang"), ("洋", "yang"), ("艳", "yan"), ("军", "jun"), ("杰", "jie"), ("丽", "li"),
            ("秀英", "xiuying"), ("建华", "jianhua"), ("晓明", "xiaoming"), ("志强", "zhiqiang"),
            ("婷婷", "tingting"), ("子涵", "zihan"), ("浩然", "haoran"), ("欣怡", "xinyi")]
EMAIL_DOMAINS = [
    ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "web.de", "proton.me"],
    ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru"],
    ["qq.com", "163.com", "126.com", "gmail.com", "sina.com"],
]
AGENT_EMAIL_DOMAIN = "support.example.com"

# Roster: shift slots (start hour, 8 h), their site and weekly patterns (bit 0 = Monday).
SLOTS = (0, 6, 8, 10, 14, 16)
SLOT_SITE = {0: "Dalian", 6: "Riga", 8: "Riga", 10: "Lisbon", 14: "Austin", 16: "Austin"}
SITE_SCRIPT = {"Dalian": 2, "Riga": 1, "Lisbon": 0, "Austin": 0}
PATTERN_MASK = {
    "A": 0b0011111,   # Mon-Fri
    "B": 0b1111001,   # Thu-Mon
    "C": 0b1100111,   # Sat-Wed
}
SKILL_NAMES = ["Voice", "Chat", "Digital"]
SKILL_VOICE, SKILL_CHAT, SKILL_DIGITAL = 0, 1, 2
SHIFT_SECONDS = 8 * HOUR

# Behavioural parameters.
FOLLOW_UP_P = 0.15
TRANSFER_P = 0.028
TRANSFER_CHAIN_P = 0.10
OUTBOUND_P = 0.05
IVR_ONLY_P = 0.05
VOICE_PATIENCE = 90.0
VOICE_AHT = 340.0  # talk + wrap + ring, seconds (for staffing)
CHAT_PATIENCE = 120.0
CHAT_SLOTS = 3
SURVEY_P = 0.20
ORDER_AFTER_CHAT_P = 0.08
CONTACT_UPDATE_P = 0.014  # of answered voice/chat contacts, i.e. ~1% of all contact rows
EXACT_DUPLICATE_P = 0.002
CUSTOMER_UPDATE_P = 0.01
VOLUME_PER_FRESH_ARRIVAL = 1.0 + FOLLOW_UP_P + 0.025  # repeat contacts and transfer legs

ST_NONE, ST_ANSWERED, ST_ABANDONED, ST_NO_ANSWER, ST_SELF_SERVICE = range(5)
NULL = -1


# ----------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------
def make_rng(seed: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, *stream])


def lognormal_int(rng, median, sigma, size, lo, hi):
    return np.clip(rng.lognormal(math.log(median), sigma, size), lo, hi).astype(np.int64)


def intraday_cdf(kind: str) -> np.ndarray:
    h = (np.arange(1440) + 0.5) / 60.0
    if kind == "peaks":
        w = (0.035 + np.exp(-0.5 * ((h - 10.0) / 1.6) ** 2) + 0.8 * np.exp(-0.5 * ((h - 15.0) / 1.9) ** 2)
             + 0.22 * ((h >= 7.5) & (h < 19.5)))
    elif kind == "email":
        w = 0.25 + 0.75 * np.exp(-0.5 * ((h - 11.0) / 3.0) ** 2) + 0.45 * np.exp(-0.5 * ((h - 16.0) / 3.0) ** 2)
    else:  # messaging: late-morning and evening peaks
        w = 0.05 + 0.7 * np.exp(-0.5 * ((h - 11.0) / 2.2) ** 2) + 0.9 * np.exp(-0.5 * ((h - 19.5) / 2.2) ** 2)
    cdf = np.cumsum(w)
    return cdf / cdf[-1]


PROFILES = {VOICE: intraday_cdf("peaks"), CHAT: intraday_cdf("peaks"), EMAIL: intraday_cdf("email"),
            MESSAGING: intraday_cdf("messaging")}


def erlang_c_agents(load, aht, answer_within, service_level):
    """Agents per interval so that the share answered within `answer_within` seconds reaches the
    service level under Erlang C (load in Erlangs; service_level may vary per interval)."""
    load = np.asarray(load, dtype=np.float64)
    target = np.broadcast_to(np.asarray(service_level, dtype=np.float64), load.shape)
    out = np.zeros(load.shape, dtype=np.int64)
    for i, (a, sl) in enumerate(zip(load, target)):
        if a <= 0:
            continue
        n, b = 0, 1.0  # Erlang B recursion
        while True:
            n += 1
            b = a * b / (n + a * b)
            if n <= a:
                continue
            c = n * b / (n - a * (1 - b))
            if 1 - c * math.exp(-(n - a) * answer_within / aht) >= sl:
                break
        out[i] = n
    return out


def sample_times(rng, n, day_start, cdf):
    minute = np.searchsorted(cdf, rng.random(n), side="right")
    return day_start + minute * 60 + rng.integers(0, 60, n)


def hourly_share(cdf):
    pdf = np.diff(np.concatenate([[0.0], cdf]))
    return pdf.reshape(24, 60).sum(axis=1)


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def hash64(ids, salt: int) -> np.ndarray:
    """Stateless 64-bit hash (splitmix64 finaliser) of integer ids."""
    z = np.asarray(ids).astype(np.uint64) * _GOLDEN + np.uint64((salt * 0x632BE59BD9B4E019 + 0x1234567) % 2**64)
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def hash_unit(ids, salt):
    return (hash64(ids, salt) >> np.uint64(11)).astype(np.float64) / float(2**53)


def hash_pick(ids, salt, n):
    return (hash64(ids, salt) % np.uint64(n)).astype(np.int64)


def segment_starts(counts):
    """Start offset of each segment for a repeat()-expanded array."""
    counts = np.asarray(counts, dtype=np.int64)
    return (np.cumsum(counts) - counts).astype(np.int64)


def within_segment_rank(counts):
    total = int(counts.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(segment_starts(counts), counts)


def scatter(sub: pa.Array, positions: np.ndarray, n: int) -> pa.Array:
    """Full-length array holding sub[i] at positions[i] and nulls elsewhere."""
    idx = np.full(n, -1, dtype=np.int64)
    idx[positions] = np.arange(len(positions))
    return pc.take(sub, pa.array(idx, mask=idx < 0))


def fixed_width_strings(chars: np.ndarray, valid=None) -> pa.Array:
    """String array from an (n, width) uint8 matrix of ASCII characters; rows where valid is False are null."""
    n, width = chars.shape
    offsets = pa.py_buffer(np.arange(0, (n + 1) * width, width, dtype=np.int32))
    data = pa.py_buffer(np.ascontiguousarray(chars))
    if valid is None or valid.all():
        return pa.StringArray.from_buffers(n, offsets, data)
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.StringArray.from_buffers(n, offsets, data, bitmap, int(n - valid.sum()))


_FOUR_DIGITS = np.frombuffer("".join(f"{i:04d}" for i in range(10_000)).encode(), dtype=np.uint8).reshape(10_000, 4)


def digit_matrix(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits (ASCII) of non-negative integers, one row per value."""
    chunks = -(-width // 4)
    parts = [_FOUR_DIGITS[(values // 10 ** (4 * k)) % 10_000] for k in range(chunks - 1, -1, -1)]
    return np.concatenate(parts, axis=1)[:, 4 * chunks - width:]


class Formatter:
    """Vectorised conversion of numeric columns to export text (null = missing)."""

    def __init__(self, start_ts: int):
        self.base = start_ts - 60 * DAY
        self._dates = np.zeros((0, 11), dtype=np.uint8)
        sod = np.arange(DAY, dtype=np.int64)
        clock = np.concatenate([digit_matrix(sod // HOUR, 2), np.full((DAY, 1), ord(":"), np.uint8),
                                digit_matrix(sod // 60 % 60, 2), np.full((DAY, 1), ord(":"), np.uint8),
                                digit_matrix(sod % 60, 2), np.full((DAY, 1), ord("Z"), np.uint8)], axis=1)
        self.clock = clock  # "HH:MM:SSZ" per second of the day

    def _date_prefixes(self, n_days):
        if n_days > len(self._dates):
            n = max(n_days, 2 * len(self._dates), 512)
            first = dt.date(1970, 1, 1) + dt.timedelta(days=self.base // DAY)
            text = "".join((first + dt.timedelta(days=i)).isoformat() + "T" for i in range(n))
            self._dates = np.frombuffer(text.encode(), dtype=np.uint8).reshape(n, 11)
        return self._dates

    def ts(self, t) -> pa.Array:
        t = np.asarray(t, dtype=np.int64)
        valid = t >= 0
        rel = np.where(valid, t - self.base, 0)
        if len(rel) and rel.min() < 0:
            raise ValueError("timestamp before the supported range")
        day = rel // DAY
        dates = self._date_prefixes(int(day.max()) + 1 if len(day) else 0)
        chars = np.concatenate([dates[day], self.clock[rel - day * DAY]], axis=1)
        return fixed_width_strings(chars, valid)

    @staticmethod
    def ident(prefix: str, n, width: int) -> pa.Array:
        n = np.asarray(n, dtype=np.int64)
        valid = n >= 0
        values = np.where(valid, n, 0)
        if len(values):
            width = max(width, len(str(int(values.max()))))
        head = np.broadcast_to(np.frombuffer(prefix.encode(), dtype=np.uint8), (len(values), len(prefix)))
        return fixed_width_strings(np.concatenate([head, digit_matrix(values, width)], axis=1), valid)

    @staticmethod
    def ints(v, missing=None) -> pa.Array:
        v = np.asarray(v, dtype=np.int64)
        return pc.cast(pa.array(v, mask=missing), pa.string())

    @staticmethod
    def cat(codes, labels) -> pa.Array:
        codes = np.asarray(codes, dtype=np.int64)
        return pc.take(pa.array(labels, pa.string()), pa.array(codes, mask=codes < 0))

    @staticmethod
    def money(cents) -> pa.Array:
        cents = np.asarray(cents, dtype=np.int64)
        whole = pc.cast(pa.array(cents // 100), pa.string())
        frac = pc.utf8_lpad(pc.cast(pa.array(cents % 100), pa.string()), 2, "0")
        return pc.binary_join_element_wise(whole, frac, ".")


def bool_codes(rng, values, missing=None):
    """Label codes for booleans: mostly true/false, a few other accepted spellings."""
    values = np.asarray(values, dtype=bool)
    n = len(values)
    variant = np.where(rng.random(n) < 0.06, rng.integers(1, 6, n), 0)
    codes = np.where(values, variant, 6 + variant)
    if missing is not None:
        codes = np.where(missing, NULL, codes)
    return codes


def channel_label_codes(rng, channel):
    codes = np.asarray(channel, dtype=np.int64).copy()
    alias = rng.random(len(codes)) < 0.05
    u = rng.random(len(codes))
    for ch, alias_codes in CHANNEL_ALIAS_CODES.items():
        m = alias & (channel == ch)
        codes[m] = alias_codes[(u[m] * len(alias_codes)).astype(np.int64)]
    return codes


def state_label_codes(rng, kinds):
    kinds = np.asarray(kinds, dtype=np.int64)
    n_var = STATE_N_VARIANTS[kinds]
    variant = np.where(rng.random(len(kinds)) < 0.08, 1 + (rng.random(len(kinds)) * (n_var - 1)).astype(np.int64), 0)
    return STATE_FIRST_CODE[kinds] + variant


# ----------------------------------------------------------------------------------------------
# Customers
# ----------------------------------------------------------------------------------------------
class CustomerBook:
    """Customer attributes derived statelessly from the customer number and the seed."""

    def __init__(self, seed: int):
        self.salt = seed * 1009 + 17
        self.lat_first = pa.array(LATIN_FIRST)
        self.lat_first_ascii = pa.array(LATIN_FIRST_ASCII)
        self.lat_last = pa.array(LATIN_LAST)
        self.lat_last_ascii = pa.array(LATIN_LAST_ASCII)
        self.cyr_first = [pa.array([x[0] for x in p]) for p in (CYR_FIRST_M, CYR_FIRST_F)]
        self.cyr_first_ascii = [pa.array([x[1] for x in p]) for p in (CYR_FIRST_M, CYR_FIRST_F)]
        self.cyr_first_latin = [pa.array([x[2] for x in p]) for p in (CYR_FIRST_M, CYR_FIRST_F)]
        self.cyr_last = [pa.array([x[0] for x in CYR_LAST]), pa.array([x[0] + "а" for x in CYR_LAST])]
        self.cyr_last_ascii = [pa.array([x[1] for x in CYR_LAST]), pa.array([x[1] + "a" for x in CYR_LAST])]
        self.cyr_last_latin = [pa.array([x[1].capitalize() for x in CYR_LAST]),
                               pa.array([x[1].capitalize() + "a" for x in CYR_LAST])]
        self.cn_sur = pa.array([x[0] for x in CN_SURNAME])
        self.cn_sur_ascii = pa.array([x[1] for x in CN_SURNAME])
        self.cn_given = pa.array([x[0] for x in CN_GIVEN])
        self.cn_given_ascii = pa.array([x[1] for x in CN_GIVEN])
        self.domains = [pa.array(d) for d in EMAIL_DOMAINS]

    def _h(self, ids, k):
        return hash_unit(ids, self.salt + k)

    def _p(self, ids, k, n):
        return hash_pick(ids, self.salt + k, n)

    def script(self, ids):
        u = self._h(ids, 1)
        return np.where(u < 0.55, 0, np.where(u < 0.80, 1, 2))

    def country(self, ids):
        script = self.script(ids)
        u = self._h(ids, 2)
        latin = np.searchsorted(np.cumsum([0.35, 0.15, 0.15, 0.15, 0.20]), u * 0.999999, side="right")
        cyr = np.where(u < 0.85, 5, 6)
        return np.where(script == 0, latin, np.where(script == 1, cyr, 7))

    def has_email(self, ids):
        return self._h(ids, 3) > 0.08

    def has_phone(self, ids):
        return (self._h(ids, 4) > 0.10) | ~self.has_email(ids)

    def name_parts(self, ids):
        """Native first/last, ascii first/last and latin display first/last per script."""
        ids = np.asarray(ids, dtype=np.int64)
        fi = self._p(ids, 5, 10_000)
        li = self._p(ids, 6, 10_000)
        female = self._h(ids, 7) < 0.5
        out = {}
        # Latin
        lf = pa.array(fi % len(LATIN_FIRST))
        ll = pa.array(li % len(LATIN_LAST))
        lat = (pc.take(self.lat_first, lf), pc.take(self.lat_last, ll),
               pc.take(self.lat_first_ascii, lf), pc.take(self.lat_last_ascii, ll))
        # Cyrillic (gendered)
        cf = pa.array(fi % len(CYR_FIRST_M))
        cl = pa.array(li % len(CYR_LAST))
        fem = pa.array(female)
        cyr = tuple(pc.if_else(fem, pc.take(pools[1], idx), pc.take(pools[0], idx)) for pools, idx in (
            (self.cyr_first, cf), (self.cyr_last, cl), (self.cyr_first_ascii, cf), (self.cyr_last_ascii, cl),
            (self.cyr_first_latin, cf), (self.cyr_last_latin, cl)))
        # Chinese: surname + given name
        cs = pa.array(li % len(CN_SURNAME))
        cg = pa.array(fi % len(CN_GIVEN))
        cn = (pc.take(self.cn_given, cg), pc.take(self.cn_sur, cs),
              pc.take(self.cn_given_ascii, cg), pc.take(self.cn_sur_ascii, cs))
        out["lat"], out["cyr"], out["cn"] = lat, cyr, cn
        out["script"] = pa.array(self.script(ids).astype(np.int8))
        return out

    def names(self, ids, parts=None):
        """(full_name, alternative spelling used for re-delivered customer versions)."""
        ids = np.asarray(ids, dtype=np.int64)
        p = parts or self.name_parts(ids)
        lat_first, lat_last = p["lat"][0], p["lat"][1]
        comma = pa.array(self._h(ids, 8) < 0.015)
        lat_full = pc.if_else(comma, pc.binary_join_element_wise(lat_last, lat_first, ", "),
                              pc.binary_join_element_wise(lat_first, lat_last, " "))
        other_last = pc.take(self.lat_last, pa.array((self._p(ids, 6, 10_000) + 7) % len(LATIN_LAST)))
        lat_alt = pc.binary_join_element_wise(lat_first, other_last, " ")
        cf, cl, _, _, cfl, cll = p["cyr"]
        family_first = pa.array(self._h(ids, 9) < 0.30)
        cyr_full = pc.if_else(family_first, pc.binary_join_element_wise(cl, cf, " "),
                              pc.binary_join_element_wise(cf, cl, " "))
        cyr_alt = pc.binary_join_element_wise(cfl, cll, " ")
        given, sur, given_a, sur_a = p["cn"]
        cn_full = pc.binary_join_element_wise(sur, given, "")
        cn_alt = pc.binary_join_element_wise(pc.utf8_capitalize(sur_a), pc.utf8_capitalize(given_a), " ")
        full = pc.choose(p["script"], lat_full, cyr_full, cn_full)
        alt = pc.choose(p["script"], lat_alt, cyr_alt, cn_alt)
        return full, alt

    def email(self, ids, parts=None):
        ids = np.asarray(ids, dtype=np.int64)
        p = parts or self.name_parts(ids)
        first = pc.choose(p["script"], p["lat"][2], p["cyr"][2], p["cn"][2])
        last = pc.choose(p["script"], p["lat"][3], p["cyr"][3], p["cn"][3])
        num = pc.cast(pa.array(ids + 11), pa.string())
        pattern = pa.array(self._p(ids, 10, 4).astype(np.int8))
        initial = pc.utf8_slice_codeunits(first, 0, 1)
        local = pc.choose(
            pattern,
            pc.binary_join_element_wise(first, ".", last, num, ""),
            pc.binary_join_element_wise(first, "_", last, num, ""),
            pc.binary_join_element_wise(initial, last, num, ""),
            pc.binary_join_element_wise(last, ".", first, num, ""),
        )
        dom_idx = self._p(ids, 11, 1000)
        domain = pc.choose(p["script"], *[pc.take(self.domains[s], pa.array(dom_idx % len(EMAIL_DOMAINS[s])))
                                          for s in range(3)])
        email = pc.binary_join_element_wise(local, domain, "@")
        return pc.if_else(pa.array(self.has_email(ids)), email, pa.nulls(len(ids), pa.string()))

    def national_number(self, ids):
        ids = np.asarray(ids, dtype=np.int64)
        country = self.country(ids)
        core7 = (ids * 7919 + 1_234_567) % 10_000_000
        core8 = (ids * 7919 + 12_345_678) % 100_000_000
        u = self._p(ids, 12, 1_000_000)
        us_area = np.array([212, 312, 415, 512, 555, 617, 702, 206, 305])[u % 9]
        prefix = np.select(
            [country == 0, country == 1, country == 2, country == 3, country == 4, country == 5, country == 6],
            [us_area, 740 + u % 60, 150 + np.array([1, 2, 7, 9])[u % 4], 60 + u % 10, 550 + u % 10,
             910 + u % 90, 700 + np.array([1, 5, 7])[u % 3]],
            default=130 + u % 60,
        )
        nsn = np.where(country == 7, prefix * 100_000_000 + core8, prefix * 10_000_000 + core7)
        return country, nsn

    @staticmethod
    def _layout(digits, layout):
        parts = []
        for literal, a, b in layout:
            parts.append(literal)
            parts.append(pc.utf8_slice_codeunits(digits, a, b))
        return pc.binary_join_element_wise(*parts, "")

    def phone(self, ids, variant=None):
        """Phone numbers; variant 0 canonical (customers file), 1 E.164, 2 national digits, 3 dashed."""
        ids = np.asarray(ids, dtype=np.int64)
        n = len(ids)
        country, nsn = self.national_number(ids)
        digits = pc.cast(pa.array(nsn), pa.string())
        parts, rows = [], []
        for c, layout in enumerate(PHONE_LAYOUT):
            idx = np.flatnonzero(country == c)
            if len(idx):
                parts.append(self._layout(pc.take(digits, pa.array(idx)), layout))
                rows.append(idx)
        canon = scatter(pa.concat_arrays(parts), np.concatenate(rows), n) if parts else pa.nulls(n, pa.string())
        if variant is None:
            out = canon
        else:
            dial = pc.take(pa.array(COUNTRY_DIAL), pa.array(country))
            e164 = pc.binary_join_element_wise("+", dial, digits, "")
            dashed = pc.binary_join_element_wise(
                pc.binary_join_element_wise("+", dial, ""), pc.utf8_slice_codeunits(digits, 0, 3),
                pc.utf8_slice_codeunits(digits, 3, 6), pc.utf8_slice_codeunits(digits, 6, 12), "-")
            out = pc.choose(pa.array(np.asarray(variant, dtype=np.int8)), canon, e164, digits, dashed)
        return pc.if_else(pa.array(self.has_phone(ids)), out, pa.nulls(n, pa.string()))


def email_variants(email: pa.Array, variant) -> pa.Array:
    """0 as stored, 1 upper case, 2 capitalised, 3 surrounding spaces, 4 trailing space."""
    v = pa.array(np.asarray(variant, dtype=np.int8))
    return pc.choose(v, email, pc.utf8_upper(email), pc.utf8_capitalize(email),
                     pc.binary_join_element_wise(" ", email, " ", ""),
                     pc.binary_join_element_wise(email, " ", ""))


# ----------------------------------------------------------------------------------------------
# Roster and schedules
# ----------------------------------------------------------------------------------------------
class Roster:
    def __init__(self, seed, start_ts, days, fresh_per_weekday, agents_override):
        self.seed, self.start_ts, self.days = seed, start_ts, days
        buckets = self._derive_buckets(fresh_per_weekday)
        if agents_override:
            buckets = self._scale(buckets, agents_override)
        skill, slot, pattern = [], [], []
        for (sk, sl, pat), n in sorted(buckets.items()):
            skill += [sk] * n
            slot += [sl] * n
            pattern += [PATTERN_MASK[pat]] * n
        self.n_working = len(skill)
        rng = make_rng(seed, 901)
        n_inactive = max(1, round(0.04 * self.n_working)) if self.n_working else 0
        # Shuffle within the roster so agent numbers do not follow the shift plan.
        perm = rng.permutation(self.n_working)
        self.skill = np.array(skill, dtype=np.int64)[perm] if skill else np.zeros(0, np.int64)
        self.slot = np.array(slot, dtype=np.int64)[perm] if slot else np.zeros(0, np.int64)
        self.pattern = np.array(pattern, dtype=np.int64)[perm] if pattern else np.zeros(0, np.int64)
        self.n_inactive = n_inactive
        self.size = self.n_working + n_inactive
        self._build_schedule()
        self._build_digital_hours()

    @staticmethod
    def _derive_buckets(v):
        """Head count per (skill, slot, weekly pattern) from the expected hourly load."""
        peaks, email, msg = (hourly_share(PROFILES[c]) for c in (VOICE, EMAIL, MESSAGING))
        buckets = {}
        for factor, kind in ((1.0, "weekday"), (0.4, "weekend")):
            vol = v * factor * VOLUME_PER_FRESH_ARRIVAL
            a_voice = vol * CHANNEL_SHARE[VOICE] * peaks * VOICE_AHT / HOUR
            a_chat = vol * CHANNEL_SHARE[CHAT] * peaks * 800 / HOUR / CHAT_SLOTS
            a_dig = (vol * CHANNEL_SHARE[EMAIL] * email * 1.6 * 540 + vol * CHANNEL_SHARE[MESSAGING] * msg * 600) / HOUR
            # service level target: lower at the peaks (so busy hours wait longer), a little higher
            # for very small teams where one agent more or less changes waits a lot
            voice_sl = 0.80 + 0.06 * max(0.0, 1 - a_voice.max() / 10) - 0.25 * a_voice / max(a_voice.max(), 1e-9)
            needs = {
                SKILL_VOICE: erlang_c_agents(a_voice, VOICE_AHT, 20, voice_sl),
                SKILL_CHAT: np.ceil((a_chat + 0.7 * np.sqrt(a_chat)) / 0.9),
                SKILL_DIGITAL: np.ceil(a_dig * 1.3 + 0.3),
            }
            for sk, need in needs.items():
                need = np.maximum(need, 1).astype(int)
                slots = SLOTS if sk != SKILL_DIGITAL else SLOTS[1:]
                if sk == SKILL_DIGITAL:
                    need[:6] = 0
                cover = np.zeros(24, dtype=int)
                per_slot = dict.fromkeys(slots, 0)
                for h in range(24):
                    deficit = need[h] - cover[h]
                    if deficit <= 0:
                        continue
                    s = max(s for s in slots if s <= h < s + 8) if any(s <= h < s + 8 for s in slots) else None
                    if s is None:
                        continue
                    per_slot[s] += deficit
                    cover[s:s + 8] += deficit
                for s, n in per_slot.items():
                    buckets.setdefault((sk, s, kind), 0)
                    buckets[(sk, s, kind)] += n
        out = {}
        for sk in (SKILL_VOICE, SKILL_CHAT, SKILL_DIGITAL):
            for s in SLOTS:
                wd = buckets.get((sk, s, "weekday"), 0)
                we = buckets.get((sk, s, "weekend"), 0)
                if wd == 0 and we == 0:
                    continue
                b = max(1, math.ceil(we / 2))
                c = max(1, we - b)
                a = max(0, wd - min(b, c))
                out[(sk, s, "A")], out[(sk, s, "B")], out[(sk, s, "C")] = a, b, c
        return out

    @staticmethod
    def _scale(buckets, k):
        """Resize the roster to k agents, keeping every shift staffed on every weekday if k allows."""
        keys = sorted(buckets)
        want = np.array([buckets[key] for key in keys], dtype=np.float64)
        base = np.zeros(len(keys), dtype=int)
        cover = np.array([key[2] in ("B", "C") and buckets[key] > 0 for key in keys])
        if k >= cover.sum():
            base[cover] = 1
        rest = k - base.sum()
        extra = np.maximum(want - base, 0)
        raw = extra * rest / extra.sum() if extra.sum() > 0 else np.full(len(keys), rest / len(keys))
        add = np.floor(raw).astype(int)
        left = rest - add.sum()
        order = np.lexsort((np.arange(len(keys)), -(raw - add)))
        add[order[:left]] += 1
        base += add
        return {key: int(n) for key, n in zip(keys, base) if n > 0}

    def _build_schedule(self):
        d, n = self.days, self.n_working
        rng = make_rng(self.seed, 902)
        weekday = np.array([(dt.datetime.fromtimestamp(self.start_ts + i * DAY, dt.timezone.utc).weekday())
                            for i in range(d)], dtype=np.int64)
        self.works = ((self.pattern[None, :] >> weekday[:, None]) & 1).astype(bool)
        day_start = self.start_ts + np.arange(d, dtype=np.int64) * DAY
        self.shift_start = day_start[:, None] + self.slot[None, :] * HOUR
        self.shift_end = self.shift_start + SHIFT_SECONDS
        training = rng.random((d, n)) < 0.04
        self.ready_at = self.shift_start + np.where(training, 30 * 60, 0)
        self.n_breaks = np.where(rng.random((d, n)) < 0.3, 1, 2)
        b1 = self.shift_start + 2 * HOUR + rng.integers(-20 * 60, 20 * 60, (d, n))
        b2 = self.shift_start + 4 * HOUR + 30 * 60 + rng.integers(-30 * 60, 30 * 60, (d, n))
        lunch = rng.random((d, n)) < 0.5
        short = rng.integers(10 * 60, 15 * 60 + 1, (d, n, 2))
        self.break_start = np.stack([b1, b2], axis=2)
        self.break_dur = np.stack([short[..., 0], np.where(lunch, 30 * 60, short[..., 1])], axis=2)
        self.break_kind = np.stack([np.full((d, n), K_BREAK), np.where(lunch, K_LUNCH, K_BREAK)], axis=2)
        # next shift start (or NULL when there is none within the period)
        nxt = np.full((d, n), NULL, dtype=np.int64)
        later = np.full(n, NULL, dtype=np.int64)
        for i in range(d - 1, -1, -1):
            nxt[i] = later
            later = np.where(self.works[i], self.shift_start[i], later)
        self.next_start = nxt

    def _build_digital_hours(self):
        """Digital agents on shift per hour of the period (CSR layout) and next staffed hour."""
        n_hours = self.days * 24
        counts = np.zeros(n_hours, dtype=np.int64)
        members = []
        digital = np.flatnonzero(self.skill == SKILL_DIGITAL)
        for h in range(n_hours):
            d, hod = divmod(h, 24)
            on = digital[self.works[d, digital] & (self.slot[digital] <= hod) & (hod < self.slot[digital] + 8)]
            counts[h] = len(on)
            members.append(on)
        self.hour_count = counts
        self.hour_offset = segment_starts(counts)
        self.hour_members = np.concatenate(members) if members else np.zeros(0, np.int64)
        nxt = np.full(n_hours + 1, NULL, dtype=np.int64)
        for h in range(n_hours - 1, -1, -1):
            nxt[h] = h if counts[h] > 0 else nxt[h + 1]
        self.next_staffed_hour = nxt[:n_hours]

    def on_shift(self, d, skill):
        return np.flatnonzero(self.works[d] & (self.skill == skill))

    def pick_digital(self, t, work, rng, forward=True):
        """Digital agent on shift at t (optionally the next staffed hour) avoiding breaks.

        Returns (agent, start, shift_day, ok)."""
        t = np.asarray(t, dtype=np.int64)
        n = len(t)
        hour = (t - self.start_ts) // HOUR
        ok = (hour >= 0) & (hour < self.days * 24)
        nv = np.where(ok, self.next_staffed_hour[np.clip(hour, 0, max(self.days * 24 - 1, 0))], NULL)
        if not forward:
            nv = np.where(nv == hour, nv, NULL)
        ok &= nv >= 0
        nvc = np.where(ok, nv, 0)
        start = np.where(nv == hour, t, self.start_ts + nvc * HOUR + rng.integers(0, 900, n))
        ok &= start + np.asarray(work) < self.start_ts + self.days * DAY  # still inside the exported period
        if len(self.hour_members) == 0:
            return np.full(n, NULL), start, np.zeros(n, np.int64), np.zeros(n, bool)
        pick = self.hour_offset[nvc] + (rng.random(n) * self.hour_count[nvc]).astype(np.int64)
        agent = self.hour_members[np.minimum(pick, len(self.hour_members) - 1)]
        day = nvc // 24
        if forward:
            work = np.asarray(work, dtype=np.int64)
            windows = [(self.shift_start[day, agent], self.ready_at[day, agent])]
            for b in range(2):
                bs = self.break_start[day, agent, b]
                active = self.n_breaks[day, agent] > b
                windows.append((np.where(active, bs, 0), np.where(active, bs + self.break_dur[day, agent, b], 0)))
            for ws, we in windows:
                clash = (start < we) & (start + work > ws)
                start = np.where(clash, we, start)
        return np.where(ok, agent, NULL), start, day, ok

    def break_windows(self, d, agents):
        """(start, end, kind) of scheduled breaks and training of the given agents on day d."""
        rows = []
        ss, ready = self.shift_start[d, agents], self.ready_at[d, agents]
        tr = ready > ss
        rows.append((agents[tr], ss[tr], ready[tr], np.full(tr.sum(), K_TRAINING)))
        for b in range(2):
            m = self.n_breaks[d, agents] > b
            bs = self.break_start[d, agents, b][m]
            rows.append((agents[m], bs, bs + self.break_dur[d, agents, b][m], self.break_kind[d, agents, b][m]))
        return tuple(np.concatenate(x) for x in zip(*rows))

    def table(self, start_ts, book_salt):
        """The agents file."""
        n = self.size
        ids = np.arange(n, dtype=np.int64)
        rng = make_rng(self.seed, 903)
        slot = np.concatenate([self.slot, rng.choice(SLOTS, self.n_inactive)])
        skill = np.concatenate([self.skill, rng.integers(0, 3, self.n_inactive)])
        site = [SLOT_SITE[int(s)] for s in slot]
        script = np.array([SITE_SCRIPT[s] for s in site])
        script = np.where((script == 1) & (rng.random(n) < 0.5), 0, script)
        names, ascii_names = [], []
        for i in range(n):
            u = int(hash_pick(np.array([i]), book_salt + 50, 1_000_000)[0])
            if script[i] == 0:
                f, l_ = LATIN_FIRST[u % len(LATIN_FIRST)], LATIN_LAST[(u // 97) % len(LATIN_LAST)]
                names.append(f"{f} {l_}")
                ascii_names.append((LATIN_FIRST_ASCII[u % len(LATIN_FIRST)],
                                    LATIN_LAST_ASCII[(u // 97) % len(LATIN_LAST)]))
            elif script[i] == 1:
                fem = (u // 7) % 2
                f = (CYR_FIRST_F if fem else CYR_FIRST_M)[u % len(CYR_FIRST_M)]
                l_ = CYR_LAST[(u // 97) % len(CYR_LAST)]
                names.append(f"{f[0]} {l_[0]}{'а' if fem else ''}")
                ascii_names.append((f[1], l_[1] + ("a" if fem else "")))
            else:
                g, s = CN_GIVEN[u % len(CN_GIVEN)], CN_SURNAME[(u // 97) % len(CN_SURNAME)]
                names.append(f"{s[0]}{g[0]}")
                ascii_names.append((g[1], s[1]))
        emails, seen = [], set()
        for f, l_ in ascii_names:
            local, k = f"{f}.{l_}", 1
            while local in seen:
                k += 1
                local = f"{f}.{l_}{k}"
            seen.add(local)
            emails.append(f"{local}@{AGENT_EMAIL_DOMAIN}")
        start_date = dt.datetime.fromtimestamp(start_ts, dt.timezone.utc).date()
        tenure = np.concatenate([rng.integers(20, 1500, self.n_working), rng.integers(400, 2500, self.n_inactive)])
        hired = [(start_date - dt.timedelta(days=int(x))).isoformat() for x in tenure]
        active = np.arange(n) < self.n_working
        cols = {
            "agent_id": Formatter.ident("AG", ids + 1, 4),
            "agent_name": pa.array(names),
            "team": pa.array([f"{SKILL_NAMES[int(k)]} {s}" for k, s in zip(skill, site)]),
            "site": pa.array(site),
            "email": pa.array(emails),
            "hired_on": pa.array(hired),
            "active": Formatter.cat(bool_codes(rng, active), BOOL_LABELS),
        }
        return pa.table(cols)


# ----------------------------------------------------------------------------------------------
# Queue simulation (voice: one call per agent; chat: CHAT_SLOTS chats per agent)
# ----------------------------------------------------------------------------------------------
def serve_queue(order, q, delay, patience, talk, wrap, outbound, pickup, no_answer, child, child_gap,
                ready, shift_end, break_start, break_dur, n_breaks, slots):
    """First-come-first-served multi-agent queue with abandonment, breaks and transfers.

    Contacts are offered in queue order; the longest-idle agent slot takes the next contact.
    A caller abandons when the answer would come after their patience. Transfer legs
    (child) enter the queue when the parent leg ends and go to another agent.
    Returns per-record lists (status, agent, start, answered, ended, wrap end, queued, created)
    and the breaks taken [(agent, start, end, break index)].
    """
    n = len(q)
    q = list(q)
    status = [ST_NONE] * n
    agent = [NULL] * n
    start = [NULL] * n
    ans = [NULL] * n
    end = [NULL] * n
    wend = [NULL] * n
    created = [NULL] * n
    excl = [NULL] * n
    n_ag = len(shift_end)
    slot_free = [ready[s // slots] + (s % slots) for s in range(n_ag * slots)]
    heap = [(slot_free[s], s) for s in range(n_ag * slots)]
    heapq.heapify(heap)
    brk_i = [0] * n_ag
    last_busy = [0] * n_ag
    breaks = []
    dyn = []
    pos, n0 = 0, len(order)
    heappop, heappush, heapreplace = heapq.heappop, heapq.heappush, heapq.heapreplace
    while True:
        if dyn and (pos >= n0 or dyn[0][0] <= q[order[pos]]):
            qt, j = heappop(dyn)
        elif pos < n0:
            j = order[pos]
            qt = q[j]
            pos += 1
        else:
            break
        dl = delay[j]
        ex = excl[j]
        stash = []
        chosen = -1
        while heap:
            f, s = heap[0]
            if f != slot_free[s]:
                heappop(heap)
                continue
            a = s // slots
            t0 = f if f > qt else qt
            if t0 + dl >= shift_end[a]:
                heappop(heap)
                slot_free[s] = -1
                continue
            bi = brk_i[a]
            if bi < n_breaks[a] and t0 >= break_start[a][bi]:
                # break due: it starts when the agent's current contacts are done (or on time if idle)
                bs = f if slots == 1 else max(slot_free[a * slots:(a + 1) * slots])
                if bs < break_start[a][bi]:
                    bs = break_start[a][bi]
                be = bs + break_dur[a][bi]
                brk_i[a] = bi + 1
                breaks.append((a, bs, be, bi))
                for k in range(a * slots, (a + 1) * slots):
                    if slot_free[k] >= 0:
                        slot_free[k] = be
                        heappush(heap, (be, k))
                continue
            if a == ex:
                stash.append(heappop(heap))
                continue
            chosen = s
            break
        if chosen < 0:
            if outbound[j]:
                status[j] = ST_NONE
            else:
                status[j] = ST_ABANDONED
                end[j] = qt + patience[j]
            for e in stash:
                heappush(heap, e)
            continue
        f = slot_free[chosen]
        a = chosen // slots
        t0 = f if f > qt else qt
        if outbound[j]:
            created[j] = t0
            if pickup[j]:
                a_t = t0 + dl
                e_t = a_t + talk[j]
                status[j] = ST_ANSWERED
            else:
                a_t = NULL
                e_t = t0 + no_answer[j]
                status[j] = ST_NO_ANSWER
        else:
            a_t = t0 + dl
            if a_t - qt > patience[j]:
                status[j] = ST_ABANDONED
                end[j] = qt + patience[j]
                for e in stash:
                    heappush(heap, e)
                continue
            e_t = a_t + talk[j]
            status[j] = ST_ANSWERED
        w_t = e_t + wrap[j]
        slot_free[chosen] = w_t
        heapreplace(heap, (w_t, chosen))
        for e in stash:
            heappush(heap, e)
        if w_t > last_busy[a]:
            last_busy[a] = w_t
        agent[j], start[j], ans[j], end[j], wend[j] = a, t0, a_t, e_t, w_t
        c = child[j]
        if c >= 0 and status[j] == ST_ANSWERED:
            qc = e_t + child_gap[c]
            q[c] = qc
            created[c] = e_t
            excl[c] = a
            heappush(dyn, (qc, c))
    # Breaks not reached during the simulation happen at the scheduled time (or after the last contact).
    for a in range(n_ag):
        prev_end = 0
        if brk_i[a]:
            prev_end = max(b[2] for b in breaks if b[0] == a) if brk_i[a] else 0
        for bi in range(brk_i[a], n_breaks[a]):
            bs = max(break_start[a][bi], last_busy[a], prev_end)
            be = bs + break_dur[a][bi]
            if be <= shift_end[a]:
                breaks.append((a, bs, be, bi))
                prev_end = be
    return status, agent, start, ans, end, wend, q, created, breaks


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------
def _needs_quoting(col: pa.Array) -> bool:
    data = col.buffers()[2]
    if data is None:
        return False
    raw = data.to_pybytes()
    return any(ch in raw for ch in (b'"', b",", b"\n", b"\r"))


def csv_bytes(table: pa.Table) -> bytes:
    """RFC 4180 CSV: header line, LF line ends, only fields with a comma, quote or line break quoted."""
    header = (",".join(table.column_names) + "\n").encode()
    n = table.num_rows
    if n == 0:
        return header
    cols = []
    for col in table.columns:
        col = col.combine_chunks()
        if _needs_quoting(col):
            special = pc.match_substring_regex(col, '[",\r\n]')
            quoted = pc.binary_join_element_wise('"', pc.replace_substring(col, '"', '""'), '"', "")
            col = pc.if_else(special, quoted, col)
        cols.append(col)
    cols[-1] = pc.binary_join_element_wise(pc.fill_null(cols[-1], ""), "\n", "")
    line = pc.binary_join_element_wise(*cols, ",", null_handling="replace", null_replacement="")
    offsets = np.frombuffer(line.buffers()[1], dtype=np.int32)
    return header + line.buffers()[2].to_pybytes()[offsets[line.offset]:offsets[line.offset + n]]


def write_table(path: str, fmt: str, table: pa.Table) -> None:
    if fmt == "parquet":
        pq.write_table(table, path, compression="snappy")
        return
    data = csv_bytes(table)
    if fmt == "csv.gz":
        data = gzip.compress(data, compresslevel=6, mtime=0)
    with open(path, "wb") as f:
        f.write(data)


class DropWriter:
    """Collects rows per entity and file day, plants defects and writes the daily files."""

    HIDDEN = ("_ts", "_day", "_tag")

    def __init__(self, out: Path, fmt: str, start_ts: int, days: int, seed: int, dirty_rate: float,
                 fresh_keys, formatter: Formatter):
        self.out, self.fmt, self.start_ts, self.days = out, fmt, start_ts, days
        self.seed, self.dirty_rate = seed, dirty_rate
        self.fresh_keys = fresh_keys
        self.formatter = formatter
        self.pending = {e: defaultdict(list) for e in DAILY_ENTITIES}
        self.schemas = {e: pa.schema([(c, pa.string()) for c in COLUMNS[e]]
                                     + [("_ts", pa.int64()), ("_day", pa.int32()), ("_tag", pa.int8())])
                        for e in DAILY_ENTITIES}
        self.rows = dict.fromkeys(COLUMNS, 0)
        self.files = dict.fromkeys(COLUMNS, 0)
        self.dirty = {e: dict.fromkeys(REASONS, 0) for e in COLUMNS}
        self.duplicates = dict.fromkeys(COLUMNS, 0)
        self.updates = dict.fromkeys(COLUMNS, 0)
        self.good_seen = dict.fromkeys(COLUMNS, 0)
        self.dirty_agent_serial = 0

    @property
    def ext(self):
        return {"csv": "csv", "csv.gz": "csv.gz", "parquet": "parquet"}[self.fmt]

    def write_file(self, name: str, table: pa.Table):
        write_table(str(self.out / f"{name}.{self.ext}"), self.fmt, table)

    def add(self, entity: str, cols: dict, ts, day, tag=TAG_ORIGINAL):
        n = len(ts)
        if n == 0:
            return
        arrays = [cols[c] for c in COLUMNS[entity]]
        day = np.asarray(day, dtype=np.int32)
        table = pa.Table.from_arrays(
            arrays + [pa.array(np.asarray(ts, dtype=np.int64)), pa.array(day),
                      pa.array(np.full(n, tag, dtype=np.int8))],
            schema=self.schemas[entity])
        for d in np.unique(day):
            if d >= self.days:
                continue
            part = table if len(np.unique(day)) == 1 else table.filter(pa.array(day == d))
            self.pending[entity][int(d)].append(part)

    def flush(self, d: int):
        stamp = dt.datetime.fromtimestamp(self.start_ts + d * DAY, dt.timezone.utc).strftime("%Y%m%d")
        for ei, entity in enumerate(DAILY_ENTITIES):
            parts = self.pending[entity].pop(d, [])
            if not parts:
                continue
            table = pa.concat_tables(parts).combine_chunks()
            dirty = self._plant_defects(entity, table, d, ei)
            if dirty is not None:
                table = pa.concat_tables([table, dirty])
            order = np.argsort(table.column("_ts").to_numpy(), kind="stable")
            table = table.take(pa.array(order))
            tags = table.column("_tag").to_numpy()
            self.rows[entity] += table.num_rows
            self.duplicates[entity] += int((tags == TAG_DUPLICATE).sum())
            self.updates[entity] += int((tags == TAG_UPDATE).sum())
            for i, reason in enumerate(REASONS):
                self.dirty[entity][reason] += int((tags == TAG_DIRTY + i).sum())
            self.write_file(f"{entity}_{stamp}", table.select(COLUMNS[entity]))
            self.files[entity] += 1

    # -- defects ------------------------------------------------------------------------------
    def _plant_defects(self, entity, table, d, ei):
        if self.dirty_rate <= 0:
            return None
        tags = table.column("_tag").to_numpy()
        good = np.flatnonzero(tags == TAG_ORIGINAL)
        if len(good) == 0:
            return None
        rng = make_rng(self.seed, 950, d, ei)
        reasons = APPLICABLE_REASONS[entity]
        k = rng.binomial(len(good), self.dirty_rate)
        counts = np.bincount(rng.integers(0, len(reasons), k), minlength=len(reasons))
        if "conflicting_duplicate_key" in reasons:  # a conflicting pair is two rows
            i = reasons.index("conflicting_duplicate_key")
            counts[i] = counts[i] // 2 + (rng.random() < 0.5) * (counts[i] % 2)
        self.good_seen[entity] += len(good)
        if self.good_seen[entity] >= MIN_ROWS_FOR_EVERY_DEFECT:
            for i, r in enumerate(reasons):
                if counts[i] == 0 and self.dirty[entity][r] == 0:
                    counts[i] = 1
        batches = [self._defect_batch(entity, reason, int(counts[i]), table, good, rng, d)
                   for i, reason in enumerate(reasons) if counts[i] > 0]
        return pa.concat_tables(batches) if batches else None

    def _defect_batch(self, entity, reason, k, table, good, rng, d):
        """k rows (k pairs for conflicting keys) copied from good rows, each with one defect."""
        candidates = good
        if entity == "contacts" and reason == "negative_duration":
            ok = table.column("hold_seconds").is_valid().to_numpy(zero_copy_only=False)[good]
            candidates = good[ok] if ok.any() else good
        elif entity == "surveys" and reason == "score_out_of_range":
            ok = pc.is_in(table.column("survey_type"), pa.array(["csat", "nps"])).to_numpy(zero_copy_only=False)
            candidates = good[ok[good]] if ok[good].any() else good
        idx = candidates[rng.integers(0, len(candidates), k)]
        rows = table.take(pa.array(idx))
        cols = {c: rows.column(c).combine_chunks() for c in rows.column_names}
        ts = cols["_ts"].to_numpy()
        nulls = pa.nulls(k, pa.string())
        key = KEY_COLUMN.get(entity)
        if entity == "customers":
            cols.update(self.fresh_keys("customers", k, ts))
        elif key:
            cols[key] = self.fresh_keys(entity, k)
        if entity == "contacts":
            # a copy must not book the agent or the transfer chain a second time
            cols["transferred_from_contact_id"] = nulls
            cols["agent_id"] = nulls
        elif entity == "agent_states":
            # agent states are keyed by (agent_id, started_at): a copy gets an agent of
            # its own, so it never collides with the good row it was copied from
            first = self.dirty_agent_serial
            self.dirty_agent_serial += k
            cols["agent_id"] = pa.array([f"AGQ{first + i:06d}" for i in range(k)])
        cols["_tag"] = pa.array(np.full(k, TAG_DIRTY + REASONS.index(reason), dtype=np.int8))
        cols["_day"] = pa.array(np.full(k, d, dtype=np.int32))

        def set_where(col, mask, value):
            cols[col] = pc.if_else(pa.array(mask), value, cols[col])

        if reason == "missing_required":
            req = REQUIRED_COLUMNS[entity]
            w = np.array([0.1 if c == key else 1.0 for c in req])
            which = rng.choice(len(req), k, p=w / w.sum())
            for j, c in enumerate(req):
                set_where(c, which == j, nulls)
        elif reason == "unparseable_timestamp":
            ts_cols = TIMESTAMP_COLUMNS[entity]
            present = np.stack([cols[c].is_valid().to_numpy(zero_copy_only=False) for c in ts_cols], axis=1)
            present[:, 0] = True  # the main timestamp (blank only in missing_required rows)
            score = rng.random(present.shape) * present
            # agent state copies always break started_at, so no loader can keep them as a second segment
            main_share = 1.0 if entity == "agent_states" else 0.5
            score[:, 0] = np.where(rng.random(k) < main_share, 2.0, score[:, 0])
            which = score.argmax(axis=1)
            bad = pa.array([BAD_TIMESTAMPS[i] for i in rng.integers(0, len(BAD_TIMESTAMPS), k)])
            for j, c in enumerate(ts_cols):
                set_where(c, which == j, bad)
        elif reason == "unknown_channel":
            cols["channel"] = pa.array([UNKNOWN_CHANNELS[i] for i in rng.integers(0, len(UNKNOWN_CHANNELS), k)])
        elif reason == "end_before_start":
            if entity == "contacts":
                for c in ("queued_at", "answered_at", "wrap_ended_at", "agent_id", "hold_seconds",
                          "disposition", "resolved_on_contact", "updated_at"):
                    cols[c] = nulls
                cols["ended_at"] = self.formatter.ts(ts - rng.integers(60, 3600, k))
            else:
                cols["ended_at"] = self.formatter.ts(ts - rng.integers(60, 900, k))
        elif reason == "negative_duration":
            cols["hold_seconds"] = Formatter.ints(-rng.integers(5, 300, k))
        elif reason == "score_out_of_range":
            stype = pc.if_else(pc.equal(cols["survey_type"], "nps"), "nps", "csat")
            cols["survey_type"] = stype
            is_nps = pc.equal(stype, "nps").to_numpy(zero_copy_only=False)
            u = rng.integers(0, 6, k)
            cols["score"] = pa.array(np.where(is_nps, np.array(["11", "-1"])[u % 2], np.array(["0", "6", "7"])[u % 3]))
        main = pa.Table.from_pydict({c: cols[c] for c in self.schemas[entity].names}, schema=self.schemas[entity])
        if reason != "conflicting_duplicate_key":
            return main
        # the second row of a pair: same key, one value changed, placed elsewhere in the file
        twin = dict(cols)
        twin["_ts"] = pa.array(table.column("_ts").to_numpy()[good[rng.integers(0, len(good), k)]])
        if entity == "contacts":
            cur = cols["disposition"].to_pylist()
            opts = [[x for x in DISPOSITIONS[:6] if x != v] for v in cur]
            twin["disposition"] = pa.array([o[i % len(o)] for o, i in zip(opts, rng.integers(0, 5, k))])
        elif entity == "messages":
            length = pc.cast(cols["text_length"], pa.int64()).to_numpy(zero_copy_only=False)
            twin["text_length"] = Formatter.ints(length + rng.integers(1, 50, k))
        elif entity == "surveys":
            flip = {"yes": "no", "no": "yes", "1": "0", "0": "1"}
            new = []
            for stype, s in zip(cols["survey_type"].to_pylist(), cols["score"].to_pylist()):
                if stype == "fcr":
                    new.append(flip.get(s, "yes"))
                else:
                    lo = 1 if stype == "csat" else 0
                    new.append(str(int(s) - 1 if int(s) > lo else int(s) + 1))
            twin["score"] = pa.array(new)
        elif entity == "orders":
            cents = np.rint(pc.cast(cols["amount"], pa.float64()).to_numpy(zero_copy_only=False) * 100).astype(np.int64)
            twin["amount"] = Formatter.money(cents + rng.integers(1, 5000, k))
        elif entity == "customers":
            twin["full_name"] = pc.binary_join_element_wise(cols["full_name"], "Jr.", " ")
        second = pa.Table.from_pydict({c: twin[c] for c in self.schemas[entity].names}, schema=self.schemas[entity])
        return pa.concat_tables([main, second])

    def manifest(self):
        return {
            "rows_written": {e: self.rows[e] for e in COLUMNS},
            "files_written": {e: self.files[e] for e in COLUMNS},
            "dirty_rows": {e: dict(self.dirty[e]) for e in COLUMNS},
            "dirty_rows_total": {e: sum(self.dirty[e].values()) for e in COLUMNS},
            "exact_duplicate_rows": {e: self.duplicates[e] for e in ("contacts", "messages", "surveys")},
            "contact_updates": self.updates["contacts"],
            "customer_updates": self.updates["customers"],
        }


# ----------------------------------------------------------------------------------------------
# The simulation
# ----------------------------------------------------------------------------------------------
class ExportGenerator:
    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        start = dt.date.fromisoformat(args.start)
        self.start_ts = calendar.timegm(start.timetuple())
        self.days = args.days
        weekday = np.array([(start + dt.timedelta(days=i)).weekday() for i in range(self.days)])
        self.weights = np.where(weekday >= 5, 0.4, 1.0)
        self.holiday = 9 if self.days >= 10 else None
        if self.holiday is not None:
            self.weights[self.holiday] = 0.3
        self.fresh_total = args.contacts / VOLUME_PER_FRESH_ARRIVAL
        self.fresh_per_weekday = self.fresh_total / self.weights.sum()
        self.roster = Roster(self.seed, self.start_ts, self.days, self.fresh_per_weekday, args.agents)
        self.book = CustomerBook(self.seed)
        self.fmt = Formatter(self.start_ts)
        self.next_id = {"contacts": 1, "messages": 1, "surveys": 1, "orders": 1, "customers": 1}
        self.followups = defaultdict(list)     # day -> [(t, channel, customer)]
        self.digital_work = defaultdict(list)  # shift day -> [(agent, start, end)]
        # first customer number and count of the customers created each day (planted defective
        # customers get numbers outside these blocks, so sampling from them never picks one)
        self.customer_blocks = np.zeros((0, 2), dtype=np.int64)
        self.writer = DropWriter(Path(args.out), args.format, self.start_ts, self.days, self.seed,
                                 args.dirty_rate, self._fresh_keys, self.fmt)

    # -- keys ---------------------------------------------------------------------------------
    PREFIX = {"contacts": ("CT", 9), "messages": ("MS", 10), "surveys": ("SV", 9), "orders": ("OR", 9),
              "customers": ("CU", 8)}

    def _take_ids(self, entity, n):
        first = self.next_id[entity]
        self.next_id[entity] += n
        return np.arange(first, first + n, dtype=np.int64)

    def _fresh_keys(self, entity, n, created=None):
        """Unused keys for planted defective rows (whole new customers for the customers file)."""
        ids = self._take_ids(entity, n)
        prefix, width = self.PREFIX[entity]
        if entity != "customers":
            return Formatter.ident(prefix, ids, width)
        full, _ = self.book.names(ids)
        return {"customer_id": Formatter.ident(prefix, ids, width), "full_name": full,
                "email": self.book.email(ids), "phone": self.book.phone(ids),
                "country": Formatter.cat(self.book.country(ids), COUNTRIES), "created_at": self.fmt.ts(created),
                "updated_at": pa.nulls(n, pa.string())}

    def rng(self, stream, d, sub=0):
        return make_rng(self.seed, stream, d, sub)

    def day_of(self, t):
        return ((np.asarray(t, dtype=np.int64) - self.start_ts) // DAY).astype(np.int64)

    # -- run ----------------------------------------------------------------------------------
    def run(self):
        out = Path(self.args.out)
        out.mkdir(parents=True, exist_ok=True)
        for entity in list(COLUMNS):
            for ext in ("csv", "csv.gz", "parquet"):
                for p in out.glob(f"{entity}_*.{ext}"):
                    p.unlink()
                p = out / f"{entity}.{ext}"
                if p.exists():
                    p.unlink()
        agents = self.roster.table(self.start_ts, self.book.salt)
        self.writer.write_file("agents", agents)
        self.writer.rows["agents"] = agents.num_rows
        self.writer.files["agents"] = 1
        for d in range(self.days):
            self.generate_day(d)
            self.writer.flush(d)
        manifest = self.manifest()
        (out / "_manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
        return manifest

    def manifest(self):
        end = dt.date.fromisoformat(self.args.start) + dt.timedelta(days=self.days - 1)
        m = {
            "format": "crm_export",
            "format_version": FORMAT_VERSION,
            "generator": "scripts/generate_exports.py",
            "arguments": {
                "contacts": self.args.contacts, "days": self.days, "start": self.args.start,
                "seed": self.seed, "dirty_rate": self.args.dirty_rate, "format": self.args.format,
                "agents": self.args.agents,
            },
            "period": {"first_day": self.args.start, "last_day": end.isoformat(),
                       "holiday": None if self.holiday is None else
                       (dt.date.fromisoformat(self.args.start) + dt.timedelta(days=self.holiday)).isoformat()},
            "roster": {"agents": self.roster.size, "working_agents": self.roster.n_working,
                       "by_skill": {SKILL_NAMES[k].lower(): int((self.roster.skill == k).sum()) for k in range(3)}},
            "file_pattern": f"<entity>_<YYYYMMDD>.{self.writer.ext}",
        }
        m.update(self.writer.manifest())
        return m

    # -- one day ------------------------------------------------------------------------------
    def generate_day(self, d):
        day_start = self.start_ts + d * DAY
        arrivals = self._arrivals(d, day_start)
        ch = arrivals["channel"]
        voice = self._voice(d, arrivals["t"][ch == VOICE], arrivals["cust"][ch == VOICE])
        chat = self._chat(d, arrivals["t"][ch == CHAT], arrivals["cust"][ch == CHAT])
        email = self._email(d, arrivals["t"][ch == EMAIL], arrivals["cust"][ch == EMAIL])
        contacts = self._contacts(d, [voice, chat, email])
        self._messages(d, contacts, chat, email,
                       self._messaging(d, arrivals["t"][ch == MESSAGING], arrivals["cust"][ch == MESSAGING]))
        self._ticket_events(d, contacts, email)
        self._surveys(d, contacts)
        self._orders(d, contacts)
        self._agent_states(d, [voice, chat])

    # -- arrivals and customers ---------------------------------------------------------------
    def _arrivals(self, d, day_start):
        rng = self.rng(1, d)
        lam = self.fresh_total * self.weights[d] / self.weights.sum()
        share = CHANNEL_SHARE.copy()
        share[MESSAGING] /= CONVERSATIONS_PER_THREAD
        ts, chs = [], []
        for ch in (VOICE, CHAT, EMAIL, MESSAGING):
            n = rng.poisson(lam * share[ch])
            ts.append(sample_times(rng, n, day_start, PROFILES[ch]))
            chs.append(np.full(n, ch))
        t, ch = np.concatenate(ts), np.concatenate(chs)
        order = np.lexsort((ch, t))
        t, ch = t[order], ch[order]
        n_new = len(t)
        cust = self._take_ids("customers", n_new)
        self.customer_blocks = np.vstack([self.customer_blocks, [[cust[0] if n_new else 0, n_new]]])
        # customers file: created shortly before the first contact, same day
        cre = t - (rng.random(n_new) * np.minimum(7200, t - day_start)).astype(np.int64)
        self._customers(d, cust, cre, rng)
        # repeat contacts of new customers
        frng = self.rng(2, d)
        back = frng.random(n_new) < FOLLOW_UP_P
        bt, bc, bcust = t[back], ch[back], cust[back]
        nb = len(bt)
        same_channel = frng.random(nb) < 0.7
        other = frng.choice(4, nb, p=CHANNEL_SHARE)
        fch = np.where(same_channel, bc, other)
        soon = frng.random(nb) < 0.4
        later_day = d + frng.integers(1, 7, nb)
        ft = np.where(soon, bt + lognormal_int(frng, 3 * HOUR, 0.7, nb, 15 * 60, 20 * HOUR), 0)
        for c in (VOICE, CHAT, EMAIL, MESSAGING):
            m = ~soon & (fch == c)
            ft[m] = sample_times(frng, int(m.sum()), self.start_ts + later_day[m] * DAY, PROFILES[c])
        fday = self.day_of(ft)
        keep = fday < self.days
        for fd in np.unique(fday[keep]):
            m = keep & (fday == fd)
            self.followups[int(fd)].append((ft[m], fch[m], bcust[m]))
        todays = self.followups.pop(d, [])
        if todays:
            t = np.concatenate([t] + [x[0] for x in todays])
            ch = np.concatenate([ch] + [x[1] for x in todays])
            cust = np.concatenate([cust] + [x[2] for x in todays])
            order = np.lexsort((cust, ch, t))
            t, ch, cust = t[order], ch[order], cust[order]
        return {"t": t, "channel": ch, "cust": cust}

    def _customers(self, d, cust, created, rng):
        n = len(cust)
        if n == 0:
            return
        parts = self.book.name_parts(cust)
        full, alt = self.book.names(cust, parts)
        email = self.book.email(cust, parts)
        phone = self.book.phone(cust)
        country = Formatter.cat(self.book.country(cust), COUNTRIES)
        upd = np.where(rng.random(n) < 0.3, created, NULL)
        cols = {"customer_id": Formatter.ident("CU", cust, 8), "full_name": full, "email": email,
                "phone": phone, "country": country, "created_at": self.fmt.ts(created),
                "updated_at": self.fmt.ts(upd)}
        self.writer.add("customers", cols, created, self.day_of(created))
        # a few customers are re-delivered later with a corrected name
        m = rng.random(n) < CUSTOMER_UPDATE_P
        if m.any():
            k = int(m.sum())
            later = self.start_ts + (d + rng.integers(1, 6, k)) * DAY + rng.integers(6 * HOUR, 20 * HOUR, k)
            idx = pa.array(np.flatnonzero(m))
            cols2 = {c: pc.take(v, idx) for c, v in cols.items()}
            cols2["full_name"] = pc.take(alt, idx)
            cols2["updated_at"] = self.fmt.ts(later)
            self.writer.add("customers", cols2, later, self.day_of(later), TAG_UPDATE)

    # -- voice --------------------------------------------------------------------------------
    def _legs(self, rng, n0, eligible):
        """Transfer structure: child record index per record, parent per record."""
        xfer = eligible & (rng.random(n0) < TRANSFER_P)
        n1 = int(xfer.sum())
        chain = rng.random(n1) < TRANSFER_CHAIN_P
        n2 = int(chain.sum())
        m = n0 + n1 + n2
        child = np.full(m, NULL, dtype=np.int64)
        child[np.flatnonzero(xfer)] = n0 + np.arange(n1)
        child[n0 + np.flatnonzero(chain)] = n0 + n1 + np.arange(n2)
        parent = np.full(m, NULL, dtype=np.int64)
        has = child >= 0
        parent[child[has]] = np.flatnonzero(has)
        return m, child, parent

    @staticmethod
    def _inherit(values, parent, n0):
        """Copy a per-record value from parent to transfer legs (parents precede children)."""
        values = values.copy()
        for j in range(n0, len(values)):
            values[j] = values[parent[j]]
        return values

    def _queue_for_legs(self, rng, queue, parent, n0):
        queue = queue.copy()
        shift = rng.integers(1, 4, len(queue))
        for j in range(n0, len(queue)):
            queue[j] = (queue[parent[j]] + shift[j]) % 4
        return queue

    def _run_sim(self, d, skill, order, q, delay, patience, talk, wrap, outbound, pickup, no_answer, child,
                 gap, slots):
        r = self.roster
        ag = r.on_shift(d, skill)
        res = serve_queue(
            order.tolist(), q.tolist(), delay.tolist(), patience.tolist(), talk.tolist(), wrap.tolist(),
            outbound.tolist(), pickup.tolist(), no_answer.tolist(), child.tolist(), gap.tolist(),
            r.ready_at[d, ag].tolist(), r.shift_end[d, ag].tolist(), r.break_start[d, ag].tolist(),
            r.break_dur[d, ag].tolist(), r.n_breaks[d, ag].tolist(), slots)
        status, agent, start, ans, end, wend, qq, created, breaks = res
        agent = np.array(agent, dtype=np.int64)
        agent = np.where(agent >= 0, ag[np.maximum(agent, 0)] if len(ag) else NULL, NULL)
        if breaks:
            b = np.array(breaks, dtype=np.int64)
            ga = ag[b[:, 0]]
            brk = (ga, b[:, 1], b[:, 2], r.break_kind[d, ga, b[:, 3]])
        else:
            brk = tuple(np.zeros(0, np.int64) for _ in range(4))
        training = r.ready_at[d, ag] > r.shift_start[d, ag]
        tr = (ag[training], r.shift_start[d, ag][training], r.ready_at[d, ag][training],
              np.full(int(training.sum()), K_TRAINING))
        return dict(status=np.array(status), agent=agent, start=np.array(start, dtype=np.int64),
                    ans=np.array(ans, dtype=np.int64), end=np.array(end, dtype=np.int64),
                    wend=np.array(wend, dtype=np.int64), q=np.array(qq, dtype=np.int64),
                    created=np.array(created, dtype=np.int64), breaks=brk, training=tr, skill_agents=ag)

    def _answered_disposition(self, rng, n, queue):
        disp = rng.choice(6, n, p=ANSWERED_DISPOSITION_P)
        sale = (queue == 0) & (rng.random(n) < 0.15)
        return np.where(sale, D_SALE, disp)

    def _voice(self, d, t, cust):
        rng = self.rng(3, d)
        n0 = len(t)
        outbound0 = rng.random(n0) < OUTBOUND_P
        ivr0 = ~outbound0 & (rng.random(n0) < IVR_ONLY_P)
        queued0 = ~outbound0 & ~ivr0
        m, child, parent = self._legs(rng, n0, queued0)
        pad = m - n0
        outbound = np.concatenate([outbound0, np.zeros(pad, bool)])
        ivr = np.concatenate([ivr0, np.zeros(pad, bool)])
        queue0 = np.where(outbound0, np.where(rng.random(n0) < 0.6, 0, 1), rng.choice(4, n0, p=QUEUE_P))
        queue = self._queue_for_legs(rng, np.concatenate([queue0, np.zeros(pad, np.int64)]), parent, n0)
        cust = self._inherit(np.concatenate([cust, np.zeros(pad, np.int64)]), parent, n0)
        t_all = np.concatenate([t, np.zeros(pad, np.int64)])
        ivr_time = lognormal_int(rng, 30, 0.5, m, 5, 180)
        q = np.where(outbound, t_all, t_all + ivr_time)
        q[n0:] = NULL
        patience = np.maximum(1, np.rint(rng.exponential(VOICE_PATIENCE, m))).astype(np.int64)
        patience[n0:] = np.maximum(1, np.rint(rng.exponential(300.0, pad))).astype(np.int64)
        ring = np.where(outbound, rng.integers(5, 26, m), rng.integers(2, 8, m))
        talk = np.where(outbound, lognormal_int(rng, 180, 0.6, m, 20, 2400), lognormal_int(rng, 240, 0.6, m, 20, 3600))
        has_hold = rng.random(m) < 0.2
        hold = np.where(has_hold, np.minimum(rng.integers(10, 181, m), np.maximum(talk - 10, 0)), 0)
        wrap = rng.integers(15, 91, m)
        wrap = np.where(child >= 0, rng.integers(5, 20, m), wrap)
        pickup = rng.random(m) < 0.7
        no_answer = rng.integers(25, 41, m)
        gap = rng.integers(0, 4, m)
        sim_mask = outbound0 | queued0
        order = np.flatnonzero(sim_mask)
        order = order[np.argsort(q[order], kind="stable")]
        res = self._run_sim(d, SKILL_VOICE, order, q, ring, patience, talk, wrap, outbound, pickup, no_answer,
                            child, gap, 1)
        status = res["status"]
        ivr_end = t_all + ivr_time + lognormal_int(rng, 100, 0.6, m, 20, 900)
        status = np.where(ivr, ST_SELF_SERVICE, status)
        answered = status == ST_ANSWERED
        created = np.where(outbound | (np.arange(m) >= n0), res["created"], t_all)
        disp = self._answered_disposition(rng, m, queue)
        disp = np.where(child >= 0, D_TRANSFERRED, disp)
        disp = np.select([answered, status == ST_SELF_SERVICE, status == ST_NO_ANSWER],
                         [disp, D_SELF, np.where(rng.random(m) < 0.7, D_NOANSWER, D_VOICEMAIL)], NULL)
        resolved = np.isin(disp, RESOLVING_DISPOSITIONS) ^ (rng.random(m) < 0.04)
        resolved = np.where(status == ST_SELF_SERVICE, rng.random(m) < 0.7, resolved)
        resolved_known = answered | (status == ST_SELF_SERVICE)
        keep = status != ST_NONE
        rec = dict(
            channel=np.full(m, VOICE), outbound=outbound, created=created,
            queued=np.where(outbound | ivr, NULL, res["q"]),
            answered=np.where(answered, res["ans"], NULL),
            ended=np.where(ivr, ivr_end, res["end"]),
            wrap=np.where(answered | (status == ST_NO_ANSWER), res["wend"], NULL),
            agent=np.where(answered | (status == ST_NO_ANSWER), res["agent"], NULL),
            hold=np.where(answered, hold, NULL), disposition=disp,
            resolved=np.where(resolved_known, resolved.astype(np.int64), NULL),
            queue=queue, cust=cust, parent=parent, status=status, child=child,
            work_start=res["start"], is_leg=np.arange(m) >= n0,
        )
        return self._keep(rec, keep) | {"breaks": res["breaks"], "training": res["training"],
                                         "skill_agents": res["skill_agents"]}

    @staticmethod
    def _keep(rec, keep):
        """Drop records (transfer legs that never happened, undialled outbound calls)."""
        new_index = np.cumsum(keep) - 1
        out = {k: v[keep] for k, v in rec.items()}
        for k in ("parent", "child"):
            v = out[k]
            out[k] = np.where(v >= 0, new_index[np.maximum(v, 0)], NULL)
            if k == "child":
                out[k] = np.where((v >= 0) & keep[np.maximum(v, 0)], out[k], NULL)
        return out

    # -- chat ---------------------------------------------------------------------------------
    def _chat(self, d, t, cust):
        rng = self.rng(4, d)
        n0 = len(t)
        bot_only0 = rng.random(n0) < 0.03
        m, child, parent = self._legs(rng, n0, ~bot_only0)
        pad = m - n0
        bot_only = np.concatenate([bot_only0, np.zeros(pad, bool)])
        queue = self._queue_for_legs(rng, np.concatenate([rng.choice(4, n0, p=QUEUE_P), np.zeros(pad, np.int64)]),
                                     parent, n0)
        cust = self._inherit(np.concatenate([cust, np.zeros(pad, np.int64)]), parent, n0)
        t_all = np.concatenate([t, np.zeros(pad, np.int64)])
        greet = ~bot_only & (rng.random(m) < 0.6) & (np.arange(m) < n0)
        q = t_all + np.where(greet, rng.integers(8, 46, m), rng.integers(0, 4, m))
        q[n0:] = NULL
        patience = np.maximum(1, np.rint(rng.exponential(CHAT_PATIENCE, m))).astype(np.int64)
        patience[n0:] = np.maximum(1, np.rint(rng.exponential(400.0, pad))).astype(np.int64)
        delay = rng.integers(5, 41, m)
        talk = lognormal_int(rng, 640, 0.55, m, 60, 5400)
        wrap = rng.integers(5, 31, m)
        zeros = np.zeros(m, dtype=np.int64)
        order = np.flatnonzero(~bot_only[:n0])
        order = order[np.argsort(q[order], kind="stable")]
        res = self._run_sim(d, SKILL_CHAT, order, q, delay, patience, talk, wrap, zeros.astype(bool),
                            zeros.astype(bool), zeros, child, rng.integers(0, 4, m), CHAT_SLOTS)
        status = np.where(bot_only, ST_SELF_SERVICE, res["status"])
        answered = status == ST_ANSWERED
        bot_end = t_all + rng.integers(60, 400, m)
        created = np.where(np.arange(m) >= n0, res["created"], t_all)
        disp = np.where(child >= 0, D_TRANSFERRED, self._answered_disposition(rng, m, queue))
        disp = np.select([answered, status == ST_SELF_SERVICE], [disp, D_SELF], NULL)
        resolved = np.isin(disp, RESOLVING_DISPOSITIONS) ^ (rng.random(m) < 0.04)
        resolved = np.where(status == ST_SELF_SERVICE, rng.random(m) < 0.6, resolved)
        rec = dict(
            channel=np.full(m, CHAT), outbound=np.zeros(m, bool), created=created,
            queued=np.where(bot_only, NULL, res["q"]), answered=np.where(answered, res["ans"], NULL),
            ended=np.where(bot_only, bot_end, res["end"]), wrap=np.where(answered, res["wend"], NULL),
            agent=np.where(answered, res["agent"], NULL), hold=np.full(m, NULL), disposition=disp,
            resolved=np.where(answered | bot_only, resolved.astype(np.int64), NULL),
            queue=queue, cust=cust, parent=parent, status=status, child=child,
            work_start=res["start"], is_leg=np.arange(m) >= n0, greet=greet,
        )
        return self._keep(rec, status != ST_NONE) | {"breaks": res["breaks"], "training": res["training"],
                                                      "skill_agents": res["skill_agents"]}

    # -- email --------------------------------------------------------------------------------
    def _email(self, d, t, cust):
        rng = self.rng(5, d)
        r = self.roster
        n = len(t)
        queued = t + rng.integers(0, 4, n)
        w1, w2, w3 = (rng.integers(120, 901, n) for _ in range(3))
        target1 = t + lognormal_int(rng, 2.5 * HOUR, 1.0, n, 180, 30 * HOUR)
        a1, o1, sd1, ok1 = r.pick_digital(target1, w1, rng)
        t1 = o1 + w1
        path = rng.choice(3, n, p=[0.55, 0.35, 0.10])
        cust_reply = t1 + lognormal_int(rng, 4 * HOUR, 0.9, n, 600, 2 * DAY)
        resume = t1 + rng.integers(HOUR, 20 * HOUR, n)
        target2 = np.where(path == 1, cust_reply + lognormal_int(rng, 1.5 * HOUR, 0.8, n, 120, 20 * HOUR), resume)
        a2, o2, sd2, ok2 = r.pick_digital(target2, w2, rng)
        t2 = o2 + w2
        need2 = ok1 & (path > 0)
        solved_ok = ok1 & ((path == 0) | ok2)
        solved1 = np.where(path == 0, t1, t2) + rng.integers(5, 91, n)
        reopen = solved_ok & (rng.random(n) < 0.08)
        cust_reopen = solved1 + rng.integers(2 * HOUR, 3 * DAY, n)
        target3 = cust_reopen + lognormal_int(rng, 2 * HOUR, 0.8, n, 120, 20 * HOUR)
        a3, o3, sd3, ok3 = r.pick_digital(target3, w3, rng)
        t3 = o3 + w3
        ok3 &= reopen
        solved2 = t3 + rng.integers(5, 91, n)
        final = np.where(reopen, np.where(ok3, solved2, NULL), np.where(solved_ok, solved1, NULL))
        final = np.where(final < self.start_ts + self.days * DAY, final, NULL)  # not solved yet at export time
        closed = np.where((final >= 0) & (rng.random(n) < 0.6), final + rng.integers(2 * DAY, 4 * DAY, n), NULL)
        wrap = np.where((final >= 0) & (rng.random(n) < 0.1), final + rng.integers(30, 121, n), NULL)
        queue = rng.choice(4, n, p=QUEUE_P)
        disp = np.where(final >= 0, self._answered_disposition(rng, n, queue), NULL)
        disp = np.where(reopen & (disp >= 0), D_FOLLOW, disp)
        resolved = (path == 0) & ~reopen
        # agents' work on later shifts is kept until that day's states are built
        for a, o, tt, sd, ok in ((a1, o1, t1, sd1, ok1), (a2, o2, t2, sd2, need2 & ok2), (a3, o3, t3, sd3, ok3)):
            self._add_digital_work(a[ok], o[ok], tt[ok], sd[ok], K_CONTACT)
            self._add_digital_work(a[ok], tt[ok], tt[ok] + rng.integers(10, 61, int(ok.sum())), sd[ok], K_WRAP)
        rec = dict(
            channel=np.full(n, EMAIL), outbound=np.zeros(n, bool), created=t, queued=queued,
            answered=np.where(ok1, t1, NULL), ended=final, wrap=wrap, agent=np.where(ok1, a1, NULL),
            hold=np.full(n, NULL), disposition=disp,
            resolved=np.where(ok1, resolved.astype(np.int64), NULL), queue=queue, cust=cust,
            parent=np.full(n, NULL), status=np.where(ok1, ST_ANSWERED, ST_NONE), child=np.full(n, NULL),
            work_start=np.full(n, NULL), is_leg=np.zeros(n, bool),
        )
        rec["timeline"] = dict(t1=t1, ok1=ok1, a1=a1, path=path, cust_reply=cust_reply, t2=t2, a2=a2,
                               o2=o2, ok2=need2 & ok2, solved1=solved1, solved_ok=solved_ok, reopen=reopen,
                               cust_reopen=cust_reopen, t3=t3, a3=a3, ok3=ok3, solved2=solved2, closed=closed)
        return rec

    def _add_digital_work(self, agent, start, end, shift_day, kind):
        for sd in np.unique(shift_day):
            m = shift_day == sd
            self.digital_work[int(sd)].append((agent[m], start[m], end[m], kind))

    # -- contacts -----------------------------------------------------------------------------
    def _contacts(self, d, parts):
        rng = self.rng(7, d)
        keys = ("channel", "outbound", "created", "queued", "answered", "ended", "wrap", "agent", "hold",
                "disposition", "resolved", "queue", "cust", "parent", "status", "child", "is_leg")
        offsets = np.cumsum([0] + [len(p["created"]) for p in parts])
        c = {k: np.concatenate([p[k] for p in parts]) for k in keys}
        for k in ("parent", "child"):
            shift = np.concatenate([np.full(len(p["created"]), off) for p, off in zip(parts, offsets[:-1])])
            c[k] = np.where(c[k] >= 0, c[k] + shift, NULL)
        n = len(c["created"])
        order = np.argsort(c["created"], kind="stable")
        cid = np.empty(n, dtype=np.int64)
        cid[order] = self._take_ids("contacts", n)
        c["cid"] = cid
        c["offsets"] = offsets
        if n == 0:
            return c
        ch = c["channel"]
        # customer identification shown in the export
        p_voice = np.array([0.70, 0.02, 0.12, 0.00, 0.14, 0.02])
        p_chat = np.array([0.72, 0.10, 0.02, 0.12, 0.02, 0.02])
        p_email = np.array([0.70, 0.12, 0.00, 0.16, 0.00, 0.02])
        p_out = np.array([0.60, 0.00, 0.40, 0.00, 0.00, 0.00])
        u = rng.random(n)
        mode = np.select([c["outbound"], ch == VOICE, ch == CHAT],
                         [np.searchsorted(np.cumsum(p_out), u, side="right"),
                          np.searchsorted(np.cumsum(p_voice), u, side="right"),
                          np.searchsorted(np.cumsum(p_chat), u, side="right")],
                         np.searchsorted(np.cumsum(p_email), u, side="right"))
        mode = np.minimum(mode, 5)
        legs = np.flatnonzero(c["is_leg"])
        for j in legs:
            mode[j] = mode[c["parent"][j]]
        cust = c["cust"]
        has_email, has_phone = self.book.has_email(cust), self.book.has_phone(cust)
        mode = np.where(np.isin(mode, (1, 3)) & ~has_email, np.where(has_phone, mode + 1, 0), mode)
        mode = np.where(np.isin(mode, (2, 4)) & ~has_phone, 0, mode)
        show_id = mode <= 2
        c["show_id"] = show_id
        want_email = np.flatnonzero(np.isin(mode, (1, 3)))
        want_phone = np.flatnonzero(np.isin(mode, (2, 4)))
        ev = np.where(rng.random(len(want_email)) < 0.7, 0, rng.integers(1, 5, len(want_email)))
        email = scatter(email_variants(self.book.email(cust[want_email]), ev), want_email, n)
        pv = np.where(rng.random(len(want_phone)) < 0.4, 0, rng.integers(1, 4, len(want_phone)))
        phone = scatter(self.book.phone(cust[want_phone], pv), want_phone, n)
        # empty direction means inbound; a few spell it differently
        inbound_dir = np.array([NULL, 0, 1, 2])[np.searchsorted([0.15, 0.90, 0.95], rng.random(n), side="right")]
        out_dir = np.where(rng.random(n) < 0.85, 3, np.where(rng.random(n) < 0.6, 4, 5))
        direction = np.where(c["outbound"], out_dir, inbound_dir)
        queue_shown = np.where(rng.random(n) < 0.01, NULL, c["queue"])
        parent_cid = np.where(c["parent"] >= 0, cid[np.maximum(c["parent"], 0)], NULL)
        last_change = np.maximum.reduce([c["created"], c["queued"], c["answered"], c["ended"], c["wrap"]])
        updated = np.where(rng.random(n) < 0.35, last_change, NULL)
        disposition = c["disposition"].copy()
        wrap_out = c["wrap"].copy()
        # contacts re-delivered tomorrow as updated versions (disposition or wrap end filled in)
        eligible = (c["status"] == ST_ANSWERED) & (c["channel"] != EMAIL) & (c["wrap"] >= 0)
        upd_pick = eligible & (rng.random(n) < CONTACT_UPDATE_P)
        variant_a = rng.random(n) < 0.6
        disposition[upd_pick & variant_a] = NULL
        wrap_out[upd_pick & ~variant_a] = NULL
        first_change = np.maximum.reduce([c["created"], c["queued"], c["answered"], c["ended"]])
        updated = np.where(upd_pick, np.where(rng.random(n) < 0.5, NULL,
                                              np.where(variant_a, last_change, first_change)), updated)
        fday = self.day_of(c["created"])
        next_day_start = self.start_ts + (fday + 1) * DAY
        new_updated = np.maximum(last_change + rng.integers(300, 3 * HOUR, n),
                                 next_day_start + rng.integers(0, 10 * HOUR, n))
        agent_id = Formatter.ident("AG", np.where(c["agent"] >= 0, c["agent"] + 1, NULL), 4)
        base = {
            "contact_id": Formatter.ident("CT", cid, 9),
            "channel": Formatter.cat(channel_label_codes(rng, ch), CHANNEL_LABELS),
            "direction": Formatter.cat(direction, DIRECTION_LABELS),
            "queue": Formatter.cat(queue_shown, QUEUES),
            "customer_id": Formatter.ident("CU", np.where(show_id, cust, NULL), 8),
            "customer_email": email, "customer_phone": phone,
            "created_at": self.fmt.ts(c["created"]), "queued_at": self.fmt.ts(c["queued"]),
            "answered_at": self.fmt.ts(c["answered"]), "ended_at": self.fmt.ts(c["ended"]),
            "agent_id": agent_id, "hold_seconds": Formatter.ints(c["hold"], c["hold"] < 0),
            "resolved_on_contact": Formatter.cat(bool_codes(rng, c["resolved"] == 1, c["resolved"] < 0), BOOL_LABELS),
            "transferred_from_contact_id": Formatter.ident("CT", parent_cid, 9),
        }
        cols = dict(base, disposition=Formatter.cat(disposition, DISPOSITIONS),
                    wrap_ended_at=self.fmt.ts(wrap_out), updated_at=self.fmt.ts(updated))
        self.writer.add("contacts", cols, c["created"], fday)
        if upd_pick.any():
            idx = np.flatnonzero(upd_pick)
            pidx = pa.array(idx)
            cols_u = {k: pc.take(v, pidx) for k, v in base.items()}
            cols_u["disposition"] = Formatter.cat(c["disposition"][idx], DISPOSITIONS)
            cols_u["wrap_ended_at"] = self.fmt.ts(c["wrap"][idx])
            cols_u["updated_at"] = self.fmt.ts(new_updated[idx])
            self.writer.add("contacts", cols_u, c["created"][idx], fday[idx] + 1, TAG_UPDATE)
        self._duplicates("contacts", cols, c["created"], fday, rng, exclude=upd_pick)
        return c

    def _duplicates(self, entity, cols, ts, fday, rng, exclude=None):
        n = len(ts)
        pick = rng.random(n) < EXACT_DUPLICATE_P
        if exclude is not None:
            pick &= ~exclude
        if pick.any():
            idx = pa.array(np.flatnonzero(pick))
            self.writer.add(entity, {k: pc.take(v, idx) for k, v in cols.items()}, np.asarray(ts)[pick],
                            np.asarray(fday)[pick] + 1, TAG_DUPLICATE)

    # -- messaging threads (no contact rows) --------------------------------------------------
    def _messaging(self, d, t, cust):
        rng = self.rng(6, d)
        r = self.roster
        n_thr = len(t)
        n_conv = 1 + np.minimum(rng.geometric(0.8, n_thr) - 1, 2)
        conv_thread = np.repeat(np.arange(n_thr), n_conv)
        conv_rank = within_segment_rank(n_conv)
        nc = len(conv_thread)
        bot_only = rng.random(nc) < 0.10
        greet = rng.random(nc) < 0.5
        extra = np.where(bot_only, rng.integers(1, 4, nc), 1 + rng.poisson(2.5, nc))
        first_agent_pos = 1 + greet
        n_msg = first_agent_pos + extra
        msg_conv = np.repeat(np.arange(nc), n_msg)
        pos = within_segment_rank(n_msg)
        fa = first_agent_pos[msg_conv]
        nm = len(msg_conv)
        gap = np.clip(rng.exponential(80.0, nm), 3, 1500).astype(np.int64)
        gap = np.where(pos == 0, 0, gap)
        gap = np.where((pos > 0) & (pos < fa), rng.integers(2, 6, nm), gap)
        gap = np.where(pos == fa, np.where(bot_only[msg_conv], rng.integers(2, 20, nm), rng.integers(30, 601, nm)),
                       gap)
        # sometimes a pause of exactly 30 minutes inside a conversation
        exact = ~bot_only & (extra >= 3) & (rng.random(nc) < 0.04)
        gap = np.where(exact[msg_conv] & (pos == fa + 2), 1800, gap)
        offset = np.cumsum(gap)
        offset = offset - np.repeat(offset[segment_starts(n_msg)] - gap[segment_starts(n_msg)], n_msg)
        duration = offset[segment_starts(n_msg) + n_msg - 1]
        # conversations of a thread follow each other with pauses over 30 minutes
        between = np.where(rng.random(nc) < 0.1, 1801, rng.integers(31 * 60, 8 * HOUR, nc))
        conv_start = np.zeros(nc, dtype=np.int64)
        first_conv = segment_starts(n_conv)
        conv_start[first_conv] = t
        for k in range(1, 3):
            m = conv_rank == k
            idx = np.flatnonzero(m)
            conv_start[idx] = conv_start[idx - 1] + duration[idx - 1] + between[idx]
        sent = conv_start[msg_conv] + offset
        # agent for each conversation: a digital agent on shift when the first reply is due
        fa_time = conv_start + offset[segment_starts(n_msg) + first_agent_pos]
        agent, _, shift_day, ok = r.pick_digital(fa_time, np.zeros(nc, np.int64), rng, forward=False)
        has_agent = ~bot_only & ok
        sender = np.where(pos == 0, S_CUSTOMER, np.where(pos < fa, S_BOT, np.where((pos - fa) % 2 == 0, S_AGENT,
                                                                                     S_CUSTOMER)))
        sender = np.where((sender == S_AGENT) & ~has_agent[msg_conv], S_BOT, sender)
        msg_agent = np.where(sender == S_AGENT, agent[msg_conv], NULL)
        # agents' handling intervals
        if has_agent.any():
            ag_msg = sender == S_AGENT
            last_agent = np.full(nc, NULL, dtype=np.int64)
            np.maximum.at(last_agent, msg_conv[ag_msg], sent[ag_msg])
            conv_idx = np.flatnonzero(has_agent)
            a = agent[conv_idx]
            sd = shift_day[conv_idx]
            st = np.maximum(fa_time[conv_idx] - rng.integers(5, 31, len(conv_idx)), r.shift_start[sd, a])
            last = np.maximum(last_agent[conv_idx], fa_time[conv_idx])
            self._add_digital_work(a, st, last, sd, K_CONTACT)
            self._add_digital_work(a, last, last + rng.integers(5, 31, len(conv_idx)), sd, K_WRAP)
        # thread identity: label, customer id or handle
        label = rng.choice(len(MESSAGING_LABELS), n_thr, p=MESSAGING_LABEL_P)
        by_id = rng.random(n_thr) < 0.5
        phone_h = MESSAGING_PHONE_HANDLE[label] & self.book.has_phone(cust)
        pv = rng.integers(0, 3, n_thr)
        phone = self.book.phone(cust, pv)
        user = pc.binary_join_element_wise("@user", pc.cast(pa.array(hash_pick(cust, self.book.salt + 77, 900_000)
                                                                      + 100_000), pa.string()), "")
        handle = pc.if_else(pa.array(phone_h), phone, user)
        handle = pc.if_else(pa.array(by_id), pa.nulls(n_thr, pa.string()), handle)
        msg_thread = conv_thread[msg_conv]
        hv = np.where(rng.random(nm) < 0.1, rng.integers(1, 4, nm), 0)
        h = pc.take(handle, pa.array(msg_thread))
        h = pc.choose(pa.array(hv.astype(np.int8)), h, pc.utf8_upper(h), pc.binary_join_element_wise(" ", h, ""),
                      pc.binary_join_element_wise(h, " ", ""))
        return dict(sent=sent, sender=sender, agent=msg_agent, label=label[msg_thread],
                    cust=np.where(by_id[msg_thread], cust[msg_thread], NULL), handle=h)

    # -- messages -----------------------------------------------------------------------------
    def _messages(self, d, c, chat, email, messaging):
        rng = self.rng(8, d)
        parts = []  # (row, sent, sender, agent)
        off_chat, off_email = c["offsets"][1], c["offsets"][2]
        # chat transcripts
        n = len(chat["created"])
        row = off_chat + np.arange(n)
        st = chat["status"]
        answered = st == ST_ANSWERED
        missed = st == ST_ABANDONED
        bot = st == ST_SELF_SERVICE
        parts.append((row, chat["created"], np.full(n, S_CUSTOMER), np.full(n, NULL)))
        g = chat["greet"]
        parts.append((row[g], chat["created"][g] + np.minimum(rng.integers(1, 5, g.sum()),
                                                             np.maximum(chat["queued"][g] - chat["created"][g], 1)),
                      np.full(g.sum(), S_BOT), np.full(g.sum(), NULL)))
        parts.append((row[answered], chat["answered"][answered], np.full(answered.sum(), S_AGENT),
                      chat["agent"][answered]))
        k = np.where(answered, rng.poisson(3.0, n), np.where(bot, rng.integers(2, 5, n), 0))
        mrow = np.repeat(np.arange(n), k)
        frac = rng.random(len(mrow))
        order = np.lexsort((frac, mrow))
        mrow, frac = mrow[order], frac[order]
        rank = within_segment_rank(k)
        lo = np.where(answered, chat["answered"], chat["created"])[mrow]
        span = np.maximum(chat["ended"][mrow] - lo - 1, 1)
        mt = lo + 1 + (frac * span).astype(np.int64)
        msender = np.where(bot[mrow], np.where(rank % 2 == 0, S_BOT, S_CUSTOMER),
                           np.where(rank % 2 == 0, S_CUSTOMER, S_AGENT))
        parts.append((row[mrow], mt, msender, np.where(msender == S_AGENT, chat["agent"][mrow], NULL)))
        sysm = (answered & ((chat["child"] >= 0) | (rng.random(n) < 0.5))) | (missed & (rng.random(n) < 0.5)) | bot
        parts.append((row[sysm], chat["ended"][sysm], np.where(bot[sysm], S_BOT, S_SYSTEM), np.full(sysm.sum(), NULL)))
        n_chat_parts = len(parts)
        # email threads
        tl = email["timeline"]
        n = len(email["created"])
        row = off_email + np.arange(n)
        ack = rng.random(n) < 0.5
        parts.append((row, email["created"], np.full(n, S_CUSTOMER), np.full(n, NULL)))
        parts.append((row[ack], email["created"][ack] + rng.integers(5, 61, ack.sum()), np.full(ack.sum(), S_SYSTEM),
                      np.full(ack.sum(), NULL)))
        m = tl["ok1"]
        parts.append((row[m], tl["t1"][m], np.full(m.sum(), S_AGENT), tl["a1"][m]))
        m = tl["ok1"] & (tl["path"] == 1)
        parts.append((row[m], tl["cust_reply"][m], np.full(m.sum(), S_CUSTOMER), np.full(m.sum(), NULL)))
        m = tl["ok2"]
        parts.append((row[m], tl["t2"][m], np.full(m.sum(), S_AGENT), tl["a2"][m]))
        m = tl["reopen"]
        parts.append((row[m], tl["cust_reopen"][m], np.full(m.sum(), S_CUSTOMER), np.full(m.sum(), NULL)))
        m = tl["ok3"]
        parts.append((row[m], tl["t3"][m], np.full(m.sum(), S_AGENT), tl["a3"][m]))
        rows = np.concatenate([p[0] for p in parts])
        sent = np.concatenate([p[1] for p in parts])
        sender = np.concatenate([p[2] for p in parts])
        agent = np.concatenate([p[3] for p in parts])
        is_email = np.concatenate([np.full(len(p[0]), i >= n_chat_parts) for i, p in enumerate(parts)])
        nm_contact = len(rows)
        # messaging
        nmsg = len(messaging["sent"])
        total = nm_contact + nmsg
        sent_all = np.concatenate([sent, messaging["sent"]])
        sender_all = np.concatenate([sender, messaging["sender"]])
        agent_all = np.concatenate([agent, messaging["agent"]])
        order = np.argsort(sent_all, kind="stable")
        mid = np.empty(total, dtype=np.int64)
        mid[order] = self._take_ids("messages", total)
        contact_id = Formatter.ident("CT", np.concatenate([c["cid"][rows], np.full(nmsg, NULL)]), 9)
        show = c["show_id"][rows] if nm_contact else np.zeros(0, bool)
        cust_all = np.concatenate([np.where(show, c["cust"][rows], NULL), messaging["cust"]])
        chan_codes = np.concatenate([np.where(is_email, 2, 1), 3 + messaging["label"]])
        labels = ["", "chat", "email"] + MESSAGING_LABELS
        length = np.select(
            [sender_all == S_CUSTOMER, sender_all == S_AGENT, sender_all == S_BOT],
            [lognormal_int(rng, 45, 0.8, total, 1, 2000), lognormal_int(rng, 90, 0.6, total, 2, 2000),
             rng.integers(40, 161, total)], rng.integers(20, 61, total))
        length = np.where(np.concatenate([is_email, np.zeros(nmsg, bool)]) & (sender_all != S_SYSTEM),
                          lognormal_int(rng, 600, 0.8, total, 20, 20000), length)
        cols = {
            "message_id": Formatter.ident("MS", mid, 10),
            "contact_id": contact_id,
            "channel": Formatter.cat(chan_codes, labels),
            "customer_id": Formatter.ident("CU", cust_all, 8),
            "customer_handle": pa.concat_arrays([pa.nulls(nm_contact, pa.string()),
                                                 messaging["handle"].cast(pa.string())]),
            "sender_type": Formatter.cat(sender_all, SENDER_TYPES),
            "agent_id": Formatter.ident("AG", np.where(agent_all >= 0, agent_all + 1, NULL), 4),
            "sent_at": self.fmt.ts(sent_all),
            "text_length": Formatter.ints(length),
        }
        fday = self.day_of(sent_all)
        self.writer.add("messages", cols, sent_all, fday)
        self._duplicates("messages", cols, sent_all, fday, rng)

    # -- ticket events ------------------------------------------------------------------------
    def _ticket_events(self, d, c, email):
        rng = self.rng(9, d)
        tl = email["timeline"]
        n = len(email["created"])
        row = c["offsets"][2] + np.arange(n)
        ev = [(row, email["created"], T_NEW)]
        ok1, path = tl["ok1"], tl["path"]
        ev.append((row[ok1], tl["t1"][ok1], T_OPEN))
        m = ok1 & (path == 1)
        ev.append((row[m], tl["t1"][m] + rng.integers(5, 61, m.sum()), T_PENDING))
        ev.append((row[m], tl["cust_reply"][m], T_OPEN))
        m = ok1 & (path == 2)
        ev.append((row[m], tl["t1"][m] + rng.integers(5, 61, m.sum()), T_ON_HOLD))
        m = tl["ok2"] & (path == 2)
        ev.append((row[m], tl["o2"][m], T_OPEN))
        m = tl["solved_ok"]
        ev.append((row[m], tl["solved1"][m], T_SOLVED))
        m = tl["reopen"]
        ev.append((row[m], tl["cust_reopen"][m], T_OPEN))
        m = tl["ok3"]
        ev.append((row[m], tl["solved2"][m], T_SOLVED))
        m = tl["closed"] >= 0
        ev.append((row[m], tl["closed"][m], T_CLOSED))
        rows = np.concatenate([e[0] for e in ev])
        ts = np.concatenate([e[1] for e in ev])
        status = np.concatenate([np.full(len(e[0]), e[2]) for e in ev])
        cols = {"contact_id": Formatter.ident("CT", c["cid"][rows], 9),
                "status": Formatter.cat(status, TICKET_STATUSES), "changed_at": self.fmt.ts(ts)}
        self.writer.add("ticket_events", cols, ts, self.day_of(ts))

    # -- surveys ------------------------------------------------------------------------------
    def _surveys(self, d, c):
        rng = self.rng(10, d)
        n = len(c["created"])
        if n == 0:
            return
        eligible = (c["status"] == ST_ANSWERED) & ~c["outbound"] & (c["child"] < 0) & (c["ended"] >= 0)
        sel = np.flatnonzero(eligible & (rng.random(n) < SURVEY_P))
        k = len(sel)
        types = np.stack([rng.random(k) < 0.85, rng.random(k) < 0.45, rng.random(k) < 0.30], axis=1)
        types[~types.any(axis=1), 0] = True
        late = rng.random(k) < 0.10
        base = np.where(late, rng.integers(DAY, 5 * DAY, k),
                        np.where(c["channel"][sel] == VOICE, rng.integers(20, 300, k),
                                 lognormal_int(rng, 30 * 60, 1.0, k, 60, 20 * HOUR)))
        t0 = np.maximum(c["ended"][sel], c["wrap"][sel]) + base
        rows, stype = np.nonzero(types)
        contact = sel[rows]
        responded = t0[rows] + stype * rng.integers(5, 40, len(rows))
        resolved = c["resolved"][contact] == 1
        m = len(rows)
        csat = np.where(resolved, rng.choice(5, m, p=[0.03, 0.04, 0.10, 0.30, 0.53]),
                        rng.choice(5, m, p=[0.15, 0.15, 0.25, 0.25, 0.20])) + 1
        nps = np.where(resolved, rng.choice(11, m, p=[.01, .01, .01, .02, .02, .04, .06, .12, .2, .23, .28]),
                       rng.choice(11, m, p=[.06, .05, .06, .07, .08, .1, .12, .14, .12, .1, .1]))
        fcr = np.where(resolved, rng.random(m) < 0.85, rng.random(m) < 0.25)
        numeric_fcr = rng.random(m) < 0.15
        fcr_label = np.where(numeric_fcr, np.where(fcr, "1", "0"), np.where(fcr, "yes", "no"))
        score = np.where(stype == 0, csat.astype(str), np.where(stype == 1, nps.astype(str), fcr_label))
        ids = self._take_ids("surveys", m)
        order = np.argsort(responded, kind="stable")
        ids[order] = ids.copy()
        cols = {"response_id": Formatter.ident("SV", ids, 9),
                "contact_id": Formatter.ident("CT", c["cid"][contact], 9),
                "survey_type": Formatter.cat(stype, SURVEY_TYPES), "score": pa.array(score, pa.string()),
                "responded_at": self.fmt.ts(responded)}
        fday = self.day_of(responded)
        self.writer.add("surveys", cols, responded, fday)
        self._duplicates("surveys", cols, responded, fday, rng)

    # -- orders -------------------------------------------------------------------------------
    def _orders(self, d, c):
        rng = self.rng(11, d)
        n = len(c["created"])
        chat_ok = (c["channel"] == CHAT) & (c["status"] == ST_ANSWERED) & c["show_id"] if n else np.zeros(0, bool)
        sel = np.flatnonzero(chat_ok & (rng.random(n) < ORDER_AFTER_CHAT_P))
        k = len(sel)
        r = rng.random(k)
        delay = np.where(r < 0.55, rng.integers(600, 3 * HOUR, k),
                         np.where(r < 0.85, rng.integers(3 * HOUR, 23 * HOUR + 1800, k),
                                  rng.integers(24 * HOUR + 60, 30 * HOUR, k)))
        cust = c["cust"][sel]
        at = c["created"][sel] + delay
        # orders unrelated to contacts, by customers from earlier days
        earlier = self.customer_blocks[:d]
        if d > 0 and earlier[:, 1].sum() > 0:
            m = rng.poisson(0.012 * n + 0.2)
            cum = np.cumsum(earlier[:, 1])
            pick = rng.integers(0, cum[-1], m)
            block = np.searchsorted(cum, pick, side="right")
            other = earlier[block, 0] + pick - (cum[block] - earlier[block, 1])
            cust = np.concatenate([cust, other])
            at = np.concatenate([at, sample_times(rng, m, self.start_ts + d * DAY, PROFILES[EMAIL])])
        m = len(cust)
        if m == 0:
            return
        cur = COUNTRY_CURRENCY[self.book.country(cust)]
        cur = np.where(rng.random(m) < 0.1, rng.integers(0, 4, m), cur)
        usd = np.clip(rng.lognormal(math.log(45), 0.9, m), 2, 5000)
        cents = np.rint(usd * CURRENCY_RATE[cur] * 100).astype(np.int64)
        order = np.argsort(at, kind="stable")
        ids = np.empty(m, dtype=np.int64)
        ids[order] = self._take_ids("orders", m)
        cols = {"order_id": Formatter.ident("OR", ids, 9), "customer_id": Formatter.ident("CU", cust, 8),
                "ordered_at": self.fmt.ts(at), "amount": Formatter.money(cents),
                "currency": Formatter.cat(cur, CURRENCIES)}
        self.writer.add("orders", cols, at, self.day_of(at))

    # -- agent states -------------------------------------------------------------------------
    def _agent_states(self, d, sims):
        rng = self.rng(12, d)
        r = self.roster
        agents, starts, ends, kinds = [], [], [], []

        def add(a, s, e, k):
            agents.append(np.asarray(a, np.int64))
            starts.append(np.asarray(s, np.int64))
            ends.append(np.asarray(e, np.int64))
            kinds.append(np.broadcast_to(np.asarray(k, np.int64), np.shape(a)).copy())

        for sim in sims:
            busy = sim["agent"] >= 0
            a = sim["agent"][busy]
            add(a, sim["work_start"][busy], sim["ended"][busy], K_CONTACT)
            add(a, sim["ended"][busy], sim["wrap"][busy], K_WRAP)
            add(*sim["breaks"])
            add(*sim["training"])
        digital = r.on_shift(d, SKILL_DIGITAL)
        add(*r.break_windows(d, digital))
        for a, s, e, k in self.digital_work.pop(d, []):
            add(a, s, e, k)
        working = np.flatnonzero(r.works[d])
        if len(working) == 0:
            return
        a = np.concatenate(agents)
        s = np.concatenate(starts)
        e = np.concatenate(ends)
        k = np.concatenate(kinds)
        keep = e > s
        a, s, e, k = a[keep], s[keep], e[keep], k[keep]
        login = r.shift_start[d, working]
        logoff = r.shift_end[d, working].copy()
        last_end = np.zeros(r.n_working, dtype=np.int64)
        np.maximum.at(last_end, a, e)
        logoff = np.maximum(logoff, last_end[working])
        seg_agent, seg_kind, seg_start, seg_end = build_states(a, s, e, k, working, login, logoff,
                                                               r.next_start[d])
        codes = state_label_codes(rng, seg_kind)
        cols = {"agent_id": Formatter.ident("AG", seg_agent + 1, 4), "state": Formatter.cat(codes, STATE_LABELS),
                "started_at": self.fmt.ts(seg_start), "ended_at": self.fmt.ts(seg_end)}
        self.writer.add("agent_states", cols, seg_start, self.day_of(seg_start))


def build_states(a, s, e, k, working, login, logoff, next_start):
    """Non-overlapping state segments per agent shift from (possibly overlapping) activity intervals.

    Overlaps resolve by priority (on contact > wrap > break/lunch/training > available); each shift
    ends with an offline segment lasting until the agent's next shift start (or open-ended).
    """
    n_iv = len(a)
    ev_a = np.concatenate([a, a, working, working])
    ev_t = np.concatenate([s, e, login, logoff])
    ev_k = np.concatenate([k, k, np.full(2 * len(working), -1)])
    ev_d = np.concatenate([np.ones(n_iv, np.int64), -np.ones(n_iv, np.int64), np.zeros(2 * len(working), np.int64)])
    order = np.lexsort((ev_t, ev_a))
    ev_a, ev_t, ev_k, ev_d = ev_a[order], ev_t[order], ev_k[order], ev_d[order]
    state = np.full(len(ev_a), K_AVAILABLE, dtype=np.int64)
    for kind in (K_TRAINING, K_LUNCH, K_BREAK, K_WRAP, K_CONTACT):
        active = np.cumsum(np.where(ev_k == kind, ev_d, 0)) > 0
        state = np.where(active, kind, state)
    last_of_time = np.ones(len(ev_a), dtype=bool)
    last_of_time[:-1] = (ev_a[1:] != ev_a[:-1]) | (ev_t[1:] != ev_t[:-1])
    pa_, pt, ps = ev_a[last_of_time], ev_t[last_of_time], state[last_of_time]
    last_of_agent = np.ones(len(pa_), dtype=bool)
    last_of_agent[:-1] = pa_[1:] != pa_[:-1]
    ps = np.where(last_of_agent, K_OFFLINE, ps)
    first_of_agent = np.ones(len(pa_), dtype=bool)
    first_of_agent[1:] = pa_[1:] != pa_[:-1]
    keep = first_of_agent.copy()
    keep[1:] |= ps[1:] != ps[:-1]
    pa_, pt, ps = pa_[keep], pt[keep], ps[keep]
    end = np.empty(len(pt), dtype=np.int64)
    end[:-1] = pt[1:]
    is_last = np.ones(len(pa_), dtype=bool)
    is_last[:-1] = pa_[1:] != pa_[:-1]
    end = np.where(is_last, next_start[pa_], end)
    return pa_, ps, pt, end


# ----------------------------------------------------------------------------------------------
def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Generate synthetic CRM exports (canonical export format v1).",
        epilog="Example: python scripts/generate_exports.py --contacts 3000 --days 14 --out data/sample")
    p.add_argument("--contacts", type=int, required=True, metavar="N",
                   help="approximate number of contacts, messaging conversations included")
    p.add_argument("--days", type=int, required=True, metavar="D", help="number of daily drops")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--start", default="2025-03-03", metavar="DATE", help="first day (default 2025-03-03)")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--dirty-rate", type=float, default=0.005, metavar="R",
                   help="share of planted defective rows per entity (default 0.005, 0 disables)")
    p.add_argument("--format", choices=("csv", "csv.gz", "parquet"), default="csv", help="file format (default csv)")
    p.add_argument("--agents", type=int, default=None, metavar="K",
                   help="roster size (default: derived from the volume)")
    args = p.parse_args(argv)
    if args.contacts < 0 or args.days < 1:
        p.error("--contacts must be >= 0 and --days >= 1")
    if args.seed < 0:
        p.error("--seed must be >= 0")
    if not 0 <= args.dirty_rate < 0.5:
        p.error("--dirty-rate must be in [0, 0.5)")
    if args.agents is not None and args.agents < 1:
        p.error("--agents must be >= 1")
    try:
        dt.date.fromisoformat(args.start)
    except ValueError:
        p.error("--start must be a date like 2025-03-03")
    return args


def main(argv=None):
    args = parse_args(argv)
    t0 = time.perf_counter()
    manifest = ExportGenerator(args).run()
    rows = manifest["rows_written"]
    summary = ", ".join(f"{e} {rows[e]:,}" for e in COLUMNS)
    dirty = sum(manifest["dirty_rows_total"].values())
    print(f"wrote {args.out}: {summary}; {dirty:,} dirty rows; {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
