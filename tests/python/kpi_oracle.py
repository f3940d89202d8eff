"""An independent computation of the headline daily KPIs straight from the raw export
files, in plain Python, following docs/kpis.md. Used by test_kpi_oracle.py to check
kpi_daily. It handles clean exports (no quarantined rows): exact duplicates collapse,
later versions replace earlier ones. Reporting time zone is UTC."""
from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TRUE = {"yes", "true", "1", "y", "t", "да", "д", "是", "对"}


def read_rows(folder: Path, entity: str) -> list[dict]:
    """Rows of every <entity>*.csv[.gz] file, in file-name order, exact duplicates dropped."""
    rows, seen = [], set()
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = path.name.lower()
        if not name.startswith(entity):
            continue
        if not (name.endswith(".csv") or name.endswith(".csv.gz")):
            continue
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                clean = {k.strip().lower(): (v.strip() if v is not None else "") for k, v in row.items()}
                fingerprint = tuple(sorted(clean.items()))
                if fingerprint in seen:
                    continue
                seen.add(fingerprint)
                clean["_file"] = path.name
                rows.append(clean)
    return rows


def ts(text: str) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def seconds(start: datetime, end: datetime) -> float:
    return (end - start) / timedelta(microseconds=1) / 1_000_000


def latest_versions(rows: list[dict], key: str) -> dict[str, dict]:
    best: dict[str, dict] = {}
    for row in rows:
        version = (ts(row.get("updated_at", "")) or datetime.min, row["_file"])
        current = best.get(row[key])
        if current is None or version >= current["_version"]:
            row["_version"] = version
            best[row[key]] = row
    return best


def digits(phone: str) -> str:
    return re.sub(r"[^0-9]", "", phone or "")


def headline_kpis(folder: Path, short_abandon: float = 5, repeat_hours: float = 168,
                  conversion_hours: float = 24, gap_minutes: float = 30) -> dict[tuple, dict]:
    aliases = {r["alias"].strip().lower(): r["channel"] for r in csv.DictReader(open(SEEDS / "channel_aliases.csv"))}
    targets = {r["channel"]: r for r in csv.DictReader(open(SEEDS / "service_level_targets.csv"))}
    rates = {r["currency"]: float(r["rate_to_reporting_currency"]) for r in csv.DictReader(open(SEEDS / "currency_rates.csv"))}

    customers = latest_versions(read_rows(folder, "customers"), "customer_id")
    contacts = latest_versions(read_rows(folder, "contacts"), "contact_id")
    messages = latest_versions(read_rows(folder, "messages"), "message_id")
    surveys = latest_versions(read_rows(folder, "surveys"), "response_id")
    orders = latest_versions(read_rows(folder, "orders"), "order_id")

    # identity: customers first, then contacts / messages carrying a customer_id
    by_identifier: dict[tuple, tuple] = {}
    def offer(kind, value, customer_id, priority):
        if value:
            key = (kind, value)
            candidate = (priority, customer_id)
            if key not in by_identifier or candidate < by_identifier[key]:
                by_identifier[key] = candidate
    for c in customers.values():
        offer("email", c.get("email", "").lower(), c["customer_id"], 1)
        offer("phone", digits(c.get("phone", "")), c["customer_id"], 1)
    for c in contacts.values():
        if c.get("customer_id"):
            offer("email", c.get("customer_email", "").lower(), c["customer_id"], 2)
            offer("phone", digits(c.get("customer_phone", "")), c["customer_id"], 2)
    for m in messages.values():
        if m.get("customer_id") and m.get("customer_handle"):
            offer("handle", m["customer_handle"].lower(), m["customer_id"], 2)

    def identity(customer_id="", email="", phone="", handle=""):
        if customer_id:
            return customer_id
        for kind, value in (("email", email.lower()), ("phone", digits(phone)), ("handle", (handle or "").lower())):
            if value and (kind, value) in by_identifier:
                return by_identifier[(kind, value)][1]
        for kind, value in (("email", email.lower()), ("phone", digits(phone)), ("handle", (handle or "").lower())):
            if value:
                return f"anonymous:{kind}:{value}"
        return None

    # contacts in one shape
    unified: dict[str, dict] = {}
    first_agent_message: dict[str, datetime] = {}
    message_count: dict[str, int] = defaultdict(int)
    for m in messages.values():
        if m.get("contact_id") and m["sender_type"].lower() != "system":
            message_count[m["contact_id"]] += 1
            if m["sender_type"].lower() == "agent":
                sent = ts(m["sent_at"])
                if m["contact_id"] not in first_agent_message or sent < first_agent_message[m["contact_id"]]:
                    first_agent_message[m["contact_id"]] = sent
    for c in contacts.values():
        unified[c["contact_id"]] = {
            "id": c["contact_id"], "channel": aliases[c["channel"].lower()],
            "direction": (c.get("direction") or "inbound").lower(), "queue": c.get("queue") or "unassigned",
            "customer": identity(c.get("customer_id", ""), c.get("customer_email", ""), c.get("customer_phone", "")),
            "created": ts(c["created_at"]), "queued": ts(c.get("queued_at", "")), "answered": ts(c.get("answered_at", "")),
            "ended": ts(c.get("ended_at", "")), "wrap_ended": ts(c.get("wrap_ended_at", "")),
            "hold": float(c.get("hold_seconds") or 0), "parent": c.get("transferred_from_contact_id") or None,
        }
    # sessionize messages without a contact id
    threads = defaultdict(list)
    for m in messages.values():
        if not m.get("contact_id") and m["sender_type"].lower() != "system":
            who = identity(m.get("customer_id", ""), handle=m.get("customer_handle", ""))
            threads[(who, aliases[m["channel"].lower()])].append((ts(m["sent_at"]), m["message_id"], m))
    for (who, channel), items in threads.items():
        items.sort(key=lambda item: (item[0], item[1]))
        conversations, previous = [], None
        for sent, message_id, m in items:
            sender = m["sender_type"].lower()
            if previous is None or (sender == "customer" and seconds(previous, sent) > gap_minutes * 60):
                conversations.append([])
            conversations[-1].append((sent, message_id, sender, m.get("agent_id") or None))
            previous = sent
        for conversation in conversations:
            customer_times = [s for s, _, sender, _ in conversation if sender == "customer"]
            first_customer = min(customer_times) if customer_times else None
            replies = [(s, i, a) for s, i, sender, a in conversation if sender == "agent" and first_customer and s >= first_customer]
            cid = "conversation:" + conversation[0][1]
            unified[cid] = {
                "id": cid, "channel": channel, "direction": "inbound" if first_customer else "outbound",
                "queue": "unassigned", "customer": who, "created": first_customer or conversation[0][0],
                "queued": first_customer, "answered": min(replies)[0] if replies else None,
                "ended": max(s for s, *_ in conversation), "wrap_ended": None, "hold": 0.0, "parent": None,
            }
            message_count[cid] = len(conversation)
    horizon = max(c["created"] for c in unified.values())

    # journeys
    def root(contact_id):
        seen = 0
        while unified[contact_id]["parent"] in unified and seen < 50:
            contact_id = unified[contact_id]["parent"]
            seen += 1
        return contact_id
    journeys = defaultdict(list)
    for c in unified.values():
        c["journey"] = root(c["id"])
        journeys[c["journey"]].append(c)

    # per contact measures
    for c in unified.values():
        target = targets[c["channel"]]
        realtime = target["is_realtime"] == "true"
        c["realtime"] = realtime
        c["inbound"] = c["direction"] == "inbound"
        c["offered"] = c["inbound"] and c["queued"] is not None
        c["is_answered"] = c["offered"] and c["answered"] is not None
        if c["offered"]:
            end = c["answered"] or c["ended"]
            c["wait"] = seconds(c["queued"], end) if end else None
        else:
            c["wait"] = None
        unanswered = c["offered"] and not c["is_answered"]
        c["short"] = unanswered and realtime and c["wait"] is not None and c["wait"] < short_abandon
        c["abandoned"] = unanswered and realtime and not c["short"]
        c["within"] = c["is_answered"] and c["wait"] <= float(target["threshold_seconds"])
        c["sl_eligible"] = c["offered"] and not c["short"] and (
            realtime or c["is_answered"] or c["queued"] + timedelta(seconds=float(target["threshold_seconds"])) <= horizon)
        has_handle = realtime and c["answered"] is not None and c["ended"] is not None
        c["handle"] = (seconds(c["answered"], c["ended"]) + (seconds(c["ended"], c["wrap_ended"]) if c["wrap_ended"] else 0)) if has_handle else None

    # repeats, from each journey's last end
    inbound_by_customer = defaultdict(list)
    for c in unified.values():
        if c["inbound"] and c["customer"]:
            inbound_by_customer[c["customer"]].append(c)
    window = timedelta(hours=repeat_hours)
    fcr = {}
    for key, legs in journeys.items():
        first = next(c for c in legs if c["id"] == key)
        ended = max(c["ended"] for c in legs) if all(c["ended"] for c in legs) else None
        eligible = first["is_answered"] and ended is not None and first["customer"] and ended + window <= horizon
        if not eligible:
            fcr[key] = None
            continue
        repeat = any(o["journey"] != key and ended < o["created"] <= ended + window for o in inbound_by_customer[first["customer"]])
        fcr[key] = (not repeat) and len(legs) == 1 and first["parent"] is None

    # surveys and orders
    survey_by_contact = defaultdict(list)
    for s in surveys.values():
        survey_by_contact[s["contact_id"]].append((s["survey_type"].lower(), s["score"]))
    answered_by_customer = defaultdict(list)
    for c in unified.values():
        if c["is_answered"] and c["customer"]:
            answered_by_customer[c["customer"]].append(c)
    converted = set()
    for o in orders.values():
        ordered = ts(o["ordered_at"])
        candidates = [c for c in answered_by_customer.get(o["customer_id"], []) if c["created"] <= ordered]
        if candidates:
            best = max(candidates, key=lambda c: (c["created"], c["id"]))
            if seconds(best["created"], ordered) <= conversion_hours * 3600:
                converted.add(best["journey"])

    # daily groups
    groups: dict[tuple, dict] = defaultdict(lambda: defaultdict(float))
    for key, legs in journeys.items():
        first = next(c for c in legs if c["id"] == key)
        if not first["inbound"]:
            continue
        g = groups[(first["created"].date(), first["channel"], first["queue"])]
        g["offered"] += first["offered"]
        g["answered"] += first["is_answered"]
        g["abandoned"] += first["abandoned"]
        g["short"] += first["short"]
        g["sl_num"] += first["sl_eligible"] and first["within"]
        g["sl_den"] += first["sl_eligible"]
        if first["is_answered"]:
            g["wait_answered"] += first["wait"]
        if first["is_answered"] and first["realtime"] and all(c["ended"] for c in legs if c["answered"]):
            g["handled"] += 1
            g["handle"] += sum(c["handle"] or 0 for c in legs)
        if fcr[key] is not None:
            g["fcr_den"] += 1
            g["fcr_num"] += fcr[key]
        g["converted"] += key in converted
        g["realtime"] = first["realtime"]
        for leg in legs:
            for kind, score in survey_by_contact.get(leg["id"], []):
                if kind == "csat":
                    g["csat_n"] += 1
                    g["csat_sum"] += int(score)
                elif kind == "nps":
                    g["nps_n"] += 1
                    g["nps_p"] += int(score) >= 9
                    g["nps_d"] += int(score) <= 6

    def ratio(a, b):
        return a / b if b else None

    result = {}
    for (day, channel, queue), g in groups.items():
        result[(day, channel, queue)] = {
            "offered_count": int(g["offered"]), "answered_count": int(g["answered"]),
            "abandoned_count": int(g["abandoned"]),
            "service_level": ratio(g["sl_num"], g["sl_den"]),
            "asa_seconds": ratio(g["wait_answered"], g["answered"]),
            "aht_seconds": ratio(g["handle"], g["handled"]) if g["realtime"] else None,
            "fcr_rate": ratio(g["fcr_num"], g["fcr_den"]),
            "csat_avg": ratio(g["csat_sum"], g["csat_n"]),
            "nps": ratio(100 * (g["nps_p"] - g["nps_d"]), g["nps_n"]),
            "conversion_rate": ratio(g["converted"], g["answered"]),
        }
    return result
