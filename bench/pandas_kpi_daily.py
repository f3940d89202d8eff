#!/usr/bin/env python3
"""The headline daily KPIs computed the way analysts often do today: pandas over the
raw export files, following docs/kpis.md. The benchmark times it against the
warehouse and checks that its rows equal kpi_daily's.

Usage: python bench/pandas_kpi_daily.py EXPORT_DIR OUT.parquet

Handles clean exports in UTC (no quarantined rows): exact duplicates collapse and
later versions replace earlier ones. Columns: contact_date, channel, queue,
offered_count, answered_count, abandoned_count, service_level, asa_seconds,
aht_seconds, fcr_rate, csat_avg, nps, conversion_rate.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SHORT_ABANDON_SECONDS = 5
REPEAT_WINDOW = pd.Timedelta(hours=168)
CONVERSION_WINDOW = pd.Timedelta(hours=24)
SESSION_GAP = pd.Timedelta(minutes=30)


def read_entity(folder: Path, entity: str) -> pd.DataFrame:
    """Every <entity>*.csv file as text, in file-name order, exact duplicates dropped."""
    frames = []
    for path in sorted(folder.glob(f"{entity}*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame.columns = [c.strip().lower() for c in frame.columns]
        frames.append(frame.apply(lambda column: column.str.strip()).assign(_file=path.name))
    if not frames:
        return pd.DataFrame()
    rows = pd.concat(frames, ignore_index=True)
    return rows.drop_duplicates(subset=[c for c in rows.columns if c != "_file"], keep="first")


def latest(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """The latest version per key: by updated_at (missing is oldest), then file, then position."""
    if rows.empty:
        return rows
    version = to_time(rows["updated_at"]) if "updated_at" in rows else pd.Series(pd.NaT, index=rows.index)
    ordered = rows.assign(_v=version.fillna(pd.Timestamp.min), _pos=np.arange(len(rows)))
    ordered = ordered.sort_values(["_v", "_file", "_pos"], kind="stable")
    return ordered.drop_duplicates(key, keep="last").drop(columns=["_v", "_pos"])


def to_time(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text.replace("", None), utc=True, format="ISO8601").dt.tz_localize(None)


def digits(text: pd.Series) -> pd.Series:
    return text.fillna("").str.replace(r"[^0-9]", "", regex=True)


def kpi_daily(folder: Path) -> pd.DataFrame:
    aliases = pd.read_csv(SEEDS / "channel_aliases.csv", dtype=str)
    alias = dict(zip(aliases["alias"].str.strip().str.lower(), aliases["channel"]))
    targets = pd.read_csv(SEEDS / "service_level_targets.csv", dtype=str).set_index("channel")
    threshold = targets["threshold_seconds"].astype(float)
    realtime_channels = set(targets.index[targets["is_realtime"] == "true"])

    customers = latest(read_entity(folder, "customers"), "customer_id")
    contacts = latest(read_entity(folder, "contacts"), "contact_id")
    messages = latest(read_entity(folder, "messages"), "message_id")
    surveys = latest(read_entity(folder, "surveys"), "response_id")
    orders = latest(read_entity(folder, "orders"), "order_id")

    # identity: who each email, phone and handle belongs to (customers first)
    offered_ids = [
        pd.DataFrame({"kind": "email", "value": customers["email"].str.lower(), "customer_id": customers["customer_id"], "p": 1}),
        pd.DataFrame({"kind": "phone", "value": digits(customers["phone"]), "customer_id": customers["customer_id"], "p": 1}),
    ]
    known = contacts[contacts["customer_id"] != ""]
    offered_ids += [
        pd.DataFrame({"kind": "email", "value": known["customer_email"].str.lower(), "customer_id": known["customer_id"], "p": 2}),
        pd.DataFrame({"kind": "phone", "value": digits(known["customer_phone"]), "customer_id": known["customer_id"], "p": 2}),
    ]
    tagged = messages[(messages["customer_id"] != "") & (messages["customer_handle"] != "")]
    offered_ids.append(pd.DataFrame({"kind": "handle", "value": tagged["customer_handle"].str.lower(),
                                     "customer_id": tagged["customer_id"], "p": 2}))
    identifiers = pd.concat(offered_ids, ignore_index=True)
    identifiers = identifiers[identifiers["value"] != ""].sort_values(["kind", "value", "p", "customer_id"])
    owner = identifiers.drop_duplicates(["kind", "value"]).set_index(["kind", "value"])["customer_id"]

    def identity(customer_id, email, phone, handle):
        found = customer_id.where(customer_id != "")
        pairs = (("email", email.str.lower()), ("phone", digits(phone)), ("handle", handle.str.lower()))
        for kind, value in pairs:
            lookup = pd.Series(owner.reindex(pd.MultiIndex.from_arrays([[kind] * len(value), value])).to_numpy(),
                               index=value.index)
            found = found.fillna(lookup.where(value != ""))
        for kind, value in pairs:
            found = found.fillna(("anonymous:" + kind + ":" + value).where(value != ""))
        return found

    blank = pd.Series("", index=contacts.index)
    unified = pd.DataFrame({
        "id": contacts["contact_id"],
        "channel": contacts["channel"].str.lower().map(alias),
        "inbound": contacts["direction"].str.lower().isin(["", "inbound"]),
        "queue": contacts["queue"].replace("", "unassigned"),
        "customer": identity(contacts["customer_id"], contacts["customer_email"], contacts["customer_phone"], blank),
        "created": to_time(contacts["created_at"]),
        "queued": to_time(contacts["queued_at"]),
        "answered": to_time(contacts["answered_at"]),
        "ended": to_time(contacts["ended_at"]),
        "wrap_ended": to_time(contacts["wrap_ended_at"]),
        "parent": contacts["transferred_from_contact_id"].replace("", None),
    })

    # conversations: messages without a contact id, per customer and channel
    loose = messages[(messages["contact_id"] == "") & (messages["sender_type"].str.lower() != "system")]
    blank = pd.Series("", index=loose.index)
    loose = pd.DataFrame({
        "who": identity(loose["customer_id"], blank, blank, loose["customer_handle"]),
        "channel": loose["channel"].str.lower().map(alias),
        "sent": to_time(loose["sent_at"]),
        "message_id": loose["message_id"],
        "sender": loose["sender_type"].str.lower(),
    }).sort_values(["who", "channel", "sent", "message_id"], kind="stable")
    thread = loose["who"].fillna("\0") + "\0" + loose["channel"]  # messages of nobody known form one thread
    same_thread = thread.eq(thread.shift())
    gap = loose["sent"] - loose["sent"].shift()
    starts = ~same_thread | ((loose["sender"] == "customer") & (gap > SESSION_GAP))
    loose["conversation"] = starts.cumsum()
    customer_sent = loose["sent"].where(loose["sender"] == "customer")
    loose["first_customer"] = customer_sent.groupby(loose["conversation"]).transform("min")
    reply = loose["sent"].where((loose["sender"] == "agent") & (loose["sent"] >= loose["first_customer"]))
    grouped = loose.assign(reply=reply).groupby("conversation")
    conversations = pd.DataFrame({
        "id": "conversation:" + grouped["message_id"].first(),
        "channel": grouped["channel"].first(),
        "queue": "unassigned",
        "customer": grouped["who"].first(),
        "first_customer": grouped["first_customer"].first(),
        "first_sent": grouped["sent"].min(),
        "answered": grouped["reply"].min(),
        "ended": grouped["sent"].max(),
    })
    conversations["inbound"] = conversations["first_customer"].notna()
    conversations["created"] = conversations["first_customer"].fillna(conversations["first_sent"])
    conversations["queued"] = conversations["first_customer"]
    conversations["wrap_ended"] = pd.NaT
    conversations["parent"] = None
    unified = pd.concat([unified, conversations[unified.columns]], ignore_index=True)
    horizon = unified["created"].max()

    # journeys: follow transferred_from to the first leg (at most 50 hops)
    parent_of = unified.set_index("id")["parent"]
    root = unified["id"].copy()
    for _ in range(50):
        parent = root.map(parent_of)
        step = parent.notna() & parent.isin(parent_of.index)
        if not step.any():
            break
        root = root.where(~step, parent)
    unified["journey"] = root

    # per contact measures
    limit = unified["channel"].map(threshold)
    realtime = unified["channel"].isin(realtime_channels)
    offered = unified["inbound"] & unified["queued"].notna()
    is_answered = offered & unified["answered"].notna()
    wait = ((unified["answered"].fillna(unified["ended"]) - unified["queued"]).dt.total_seconds()).where(offered)
    unanswered = offered & ~is_answered
    short = unanswered & realtime & wait.notna() & (wait < SHORT_ABANDON_SECONDS)
    sl_eligible = offered & ~short & (realtime | is_answered | (unified["queued"] + pd.to_timedelta(limit, unit="s") <= horizon))
    has_handle = realtime & unified["answered"].notna() & unified["ended"].notna()
    wrap = (unified["wrap_ended"] - unified["ended"]).dt.total_seconds().fillna(0)
    unified = unified.assign(
        realtime=realtime, offered=offered, is_answered=is_answered, wait=wait, short=short,
        abandoned=unanswered & realtime & ~short, within=is_answered & (wait <= limit), sl_eligible=sl_eligible,
        handle=((unified["ended"] - unified["answered"]).dt.total_seconds() + wrap).where(has_handle),
    )

    # first contact resolution per journey
    legs = unified.groupby("journey")
    first = unified[unified["id"] == unified["journey"]].set_index("journey")
    all_ended = legs["ended"].count() == legs["id"].count()
    journey_end = legs["ended"].max().where(all_ended)
    journeys = first.assign(journey_end=journey_end, leg_count=legs["id"].count())
    eligible = journeys[journeys["is_answered"] & journeys["journey_end"].notna() & journeys["customer"].notna()
                        & (journeys["journey_end"] + REPEAT_WINDOW <= horizon)]
    later = unified[unified["inbound"] & unified["customer"].notna()][["customer", "journey", "created"]]
    pairs = eligible[["customer", "journey_end"]].reset_index().merge(later, on="customer", suffixes=("", "_other"))
    repeated = pairs[(pairs["journey_other"] != pairs["journey"]) & (pairs["created"] > pairs["journey_end"])
                     & (pairs["created"] <= pairs["journey_end"] + REPEAT_WINDOW)]["journey"].unique()
    fcr = pd.Series(np.nan, index=journeys.index)
    resolved = ~eligible.index.isin(repeated) & (eligible["leg_count"] == 1) & eligible["parent"].isna()
    fcr[eligible.index] = resolved.astype(float)
    journeys["fcr"] = fcr

    # surveys per leg, summed per journey
    scored = surveys.assign(kind=surveys["survey_type"].str.lower(), score=pd.to_numeric(surveys["score"], errors="coerce"))
    scored = scored.merge(unified[["id", "journey"]], left_on="contact_id", right_on="id")
    csat, nps = scored[scored["kind"] == "csat"], scored[scored["kind"] == "nps"]
    journeys["csat_n"] = csat.groupby("journey").size()
    journeys["csat_sum"] = csat.groupby("journey")["score"].sum()
    journeys["nps_n"] = nps.groupby("journey").size()
    journeys["nps_net"] = nps.assign(net=(nps["score"] >= 9).astype(int) - (nps["score"] <= 6).astype(int)).groupby("journey")["net"].sum()

    # conversion: an order within the window after the customer's latest answered contact
    answered = unified[unified["is_answered"] & unified["customer"].notna()][["customer", "created", "id", "journey"]]
    answered = answered.sort_values(["created", "id"])
    placed = orders.assign(ordered=to_time(orders["ordered_at"]))[["customer_id", "ordered"]].sort_values("ordered")
    matched = pd.merge_asof(placed, answered, left_on="ordered", right_on="created",
                            left_by="customer_id", right_by="customer", direction="backward")
    converted = matched[matched["created"].notna() & (matched["ordered"] - matched["created"] <= CONVERSION_WINDOW)]
    journeys["converted"] = journeys.index.isin(converted["journey"].unique())

    # daily groups of inbound journeys, by their first leg
    open_legs = unified.loc[unified["answered"].notna() & unified["ended"].isna(), "journey"].unique()
    handled = journeys["is_answered"] & journeys["realtime"] & ~journeys.index.isin(open_legs)
    journeys["handled"] = handled
    journeys["handle_sum"] = legs["handle"].sum(min_count=1).fillna(0).where(handled, 0.0)
    inbound = journeys[journeys["inbound"]].assign(contact_date=lambda j: j["created"].dt.date)
    inbound = inbound.assign(
        sl_num=inbound["sl_eligible"] & inbound["within"],
        wait_answered=inbound["wait"].where(inbound["is_answered"], 0.0),
        fcr_den=inbound["fcr"].notna(), fcr_num=inbound["fcr"].fillna(0),
    )
    g = inbound.groupby(["contact_date", "channel", "queue"]).agg(
        offered_count=("offered", "sum"), answered_count=("is_answered", "sum"),
        abandoned_count=("abandoned", "sum"), sl_num=("sl_num", "sum"), sl_den=("sl_eligible", "sum"),
        wait_answered=("wait_answered", "sum"), handled=("handled", "sum"), handle_sum=("handle_sum", "sum"),
        fcr_num=("fcr_num", "sum"), fcr_den=("fcr_den", "sum"), converted=("converted", "sum"),
        csat_sum=("csat_sum", "sum"), csat_n=("csat_n", "sum"), nps_net=("nps_net", "sum"), nps_n=("nps_n", "sum"),
        realtime=("realtime", "first"),
    )

    def ratio(numerator, denominator):
        return (numerator / denominator.where(denominator != 0)).astype(float)

    result = pd.DataFrame({
        "offered_count": g["offered_count"].astype("int64"),
        "answered_count": g["answered_count"].astype("int64"),
        "abandoned_count": g["abandoned_count"].astype("int64"),
        "service_level": ratio(g["sl_num"], g["sl_den"]),
        "asa_seconds": ratio(g["wait_answered"], g["answered_count"]),
        "aht_seconds": ratio(g["handle_sum"], g["handled"]).where(g["realtime"]),
        "fcr_rate": ratio(g["fcr_num"], g["fcr_den"]),
        "csat_avg": ratio(g["csat_sum"], g["csat_n"]),
        "nps": ratio(100 * g["nps_net"], g["nps_n"]),
        "conversion_rate": ratio(g["converted"], g["answered_count"]),
    })
    return result.reset_index()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    kpi_daily(Path(argv[0])).to_parquet(argv[1], index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
