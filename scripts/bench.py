#!/usr/bin/env python3
"""Benchmark the warehouse against its floor and against pandas; write docs/benchmarks.md.

Usage: python scripts/bench.py [--sizes 100000,1000000,10000000] [--runs 3]
                               [--days 60] [--pandas-max 1000000]
                               [--spill-contacts 30000000 --spill-memory 2GB --spill-threads 1]

For each size, the project's generator writes an export (cached under
warehouse/bench/exports, reused while its arguments match) of `days` daily drops
plus one more day. Then, each measured `runs` times (median, min and max of wall
time and of the peak resident memory of the whole process tree):

- dbt run: a full `dbt run` of every model into a fresh file (seeds loaded first);
- dbt build: a full `dbt build` (seeds, models and every test) into a fresh file;
- floor: bench/reference.sql, the same models' SQL run by DuckDB in one in-memory
  session straight from the raw files (bench/reference.py); its kpi_daily and
  kpi_agent_daily must equal the warehouse's row for row, or the benchmark stops;
- pandas: bench/pandas_kpi_daily.py, the headline daily KPIs in pandas (sizes up to
  --pandas-max); its rows must equal kpi_daily's headline columns;
- incremental (largest size): one more daily drop on top of the full build, then
  `dbt run` again.

Results are kept in bench/results.json, committed beside the report it feeds, so a
clean checkout keeps earlier measurements (--results names another file). --skip
leaves measurements out (run, floor, build, pandas, incremental); the ones stored
for the same export are kept, each with its date, so the 10M benchmark can be measured in parts, e.g.
`--sizes 10000000 --skip build,incremental` and then `--skip run,floor,pandas`.

With --spill-contacts, one build of that many contacts runs with DuckDB's memory
limit at --spill-memory and --spill-threads dbt threads (default 1: models run
side by side share the one limit), to show that a build larger than memory spills
to disk instead of failing. Timings are written down, never asserted.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import reference  # noqa: E402
BIN = Path(sys.executable).parent
BENCH = ROOT / "warehouse" / "bench"
HEADLINE = ["offered_count", "answered_count", "abandoned_count", "service_level", "asa_seconds",
            "aht_seconds", "fcr_rate", "csat_avg", "nps", "conversion_rate"]
DATED = re.compile(r"_(\d{8})\.")


# ---------------------------------------------------------------- measuring

def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def dir_bytes(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_blocks * 512
            except FileNotFoundError:
                continue
    return total


def measure(command: list[str], env: dict[str, str], log: Path, temp: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of a command; stops the benchmark if it fails.
    With `temp`, the peak size of that folder (DuckDB's spill files) is kept in
    measure.peak_temp."""
    measure.peak_temp = 0
    with open(log, "w") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        peak, polls = 0, 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            if temp is not None and polls % 10 == 0:
                measure.peak_temp = max(measure.peak_temp, dir_bytes(temp))
            polls += 1
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{log.read_text()[-3000:]}")
    return elapsed, peak


def summary(samples: list[tuple[float, int]]) -> dict:
    seconds = [s for s, _ in samples]
    memory = [m for _, m in samples]
    return {"median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds),
            "peak_gb": max(memory) / 1e9, "runs": len(samples), "measured_on": time.strftime("%Y-%m-%d")}


# ---------------------------------------------------------------- data

def export_for(contacts: int, days: int) -> tuple[Path, Path]:
    """Folders (links) holding the first `days` drops and all `days + 1` drops."""
    folder = BENCH / "exports" / f"{contacts}"
    manifest = folder / "_manifest.json"
    wanted = {"contacts": contacts, "days": days + 1, "seed": 7, "dirty_rate": 0.0}
    cached = json.loads(manifest.read_text()).get("arguments", {}) if manifest.exists() else {}
    if any(cached.get(key) != value for key, value in wanted.items()):
        print(f"generating {contacts:,} contacts over {days + 1} days ...", flush=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_exports.py"),
                        "--contacts", str(contacts), "--days", str(days + 1), "--seed", "7",
                        "--dirty-rate", "0", "--out", str(folder)], check=True, cwd=ROOT)
    files = sorted(p for p in folder.iterdir() if not p.name.startswith("_"))
    last_day = max(m.group(1) for p in files if (m := DATED.search(p.name)))
    views = {}
    for name, keep in (("base", lambda p: not (m := DATED.search(p.name)) or m.group(1) != last_day),
                       ("plus_one", lambda p: True)):
        view = BENCH / "views" / f"{contacts}" / name
        shutil.rmtree(view, ignore_errors=True)
        view.mkdir(parents=True)
        for path in files:
            if keep(path):
                (view / path.name).symlink_to(path)
        views[name] = view
    return views["base"], views["plus_one"]


def dbt_env(export: Path, db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, DBT_PROFILES_DIR=str(ROOT), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
               CRM_EXPORT_DIR=str(export), DBT_DUCKDB_PATH=str(db),
               DBT_TARGET_PATH=str(db.parent / "target"), DUCKDB_TEMP_DIRECTORY=str(db.parent / "tmp"))
    for name in ("ANONYMOUS_BANK_DIR", "SERVICENOW_EXPORT_DIR", "TWCS_EXPORT_DIR"):
        env.pop(name, None)
    env.update(extra)
    return env


def fresh(db: Path) -> None:
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    shutil.rmtree(db.parent / "tmp", ignore_errors=True)
    db.parent.mkdir(parents=True, exist_ok=True)


def dbt(*args: str) -> list[str]:
    return [str(BIN / "dbt"), *args]


# ---------------------------------------------------------------- checks

class Mismatch(AssertionError):
    """The floor or pandas gave other rows than the warehouse."""


def same_kpi(column: str, a, b) -> bool:
    """Counts equal exactly; rates to 1e-12 relative; missing (None or NaN) only with missing."""
    a = None if a is None or (isinstance(a, float) and math.isnan(a)) else a
    b = None if b is None or (isinstance(b, float) and math.isnan(b)) else b
    if a is None or b is None:
        return a is None and b is None
    if column.endswith("_count"):
        return a == b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def check_floor(db: Path, floor_dir: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        for mart in ("kpi_daily", "kpi_agent_daily"):
            parquet = floor_dir / f"{mart}.parquet"
            left = con.execute(f"select count(*) from (from main.{mart} except all from read_parquet('{parquet}'))").fetchone()[0]
            right = con.execute(f"select count(*) from (from read_parquet('{parquet}') except all from main.{mart})").fetchone()[0]
            if left or right:
                raise Mismatch(f"floor differs from the warehouse in {mart}: {left} and {right} rows")
    finally:
        con.close()


def check_pandas(db: Path, parquet: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        warehouse = {(r[0], r[1], r[2]): r[3:] for r in con.execute(
            f"select contact_date, channel, queue, {', '.join(HEADLINE)} from main.kpi_daily "
            "where source_system = 'crm_export'").fetchall()}
        frame = {(r[0], r[1], r[2]): r[3:] for r in con.execute(
            f"select contact_date, channel, queue, {', '.join(HEADLINE)} from read_parquet('{parquet}')").fetchall()}
    finally:
        con.close()
    if set(warehouse) != set(frame):
        raise Mismatch(f"pandas and kpi_daily have different rows: {len(set(warehouse) ^ set(frame))}")
    for key, values in warehouse.items():
        for column, a, b in zip(HEADLINE, values, frame[key]):
            if not same_kpi(column, a, b):
                raise Mismatch(f"pandas differs from kpi_daily at {key} {column}: {b} vs {a}")


# ---------------------------------------------------------------- the benchmark

def bench_size(contacts: int, days: int, runs: int, pandas_max: int, incremental: bool,
               skip: frozenset[str] = frozenset()) -> dict:
    base, plus_one = export_for(contacts, days)
    work = BENCH / "runs" / f"{contacts}"
    db = work / "wh.duckdb"
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = dbt_env(base, db)
    result: dict = {"contacts": contacts}
    with open(BENCH / "exports" / f"{contacts}" / "_manifest.json") as manifest:
        result["rows_written"] = json.load(manifest).get("rows_written", {})

    result["profile"] = {"threads": env.get("DBT_THREADS", "2"), "memory_limit": env.get("DUCKDB_MEMORY_LIMIT", "8GB")}
    samples, spilled = [], 0
    for run in range(0 if "run" in skip else runs):
        fresh(db)
        subprocess.run(dbt("seed", "--quiet"), cwd=ROOT, env=env, check=True)
        samples.append(measure(dbt("run"), env, logs / f"run_{run}.log", temp=db.parent / "tmp"))
        spilled = max(spilled, measure.peak_temp)
        print(f"{contacts:>11,} dbt run      {samples[-1][0]:8.1f} s  {samples[-1][1] / 1e9:5.2f} GB", flush=True)
    # the floor, the pandas check and the incremental run compare with (or start
    # from) a full build: without measured runs, one that is not measured
    needs_build = ("floor" not in skip or ("pandas" not in skip and contacts <= pandas_max)
                   or (incremental and "incremental" not in skip))
    if samples:
        result["dbt_run"] = summary(samples)
        result["dbt_run"]["spilled_gb"] = spilled / 1e9
    elif needs_build:
        fresh(db)
        subprocess.run(dbt("seed", "--quiet"), cwd=ROOT, env=env, check=True)
        measure(dbt("run"), env, logs / "run_unmeasured.log", temp=db.parent / "tmp")
    if samples or needs_build:
        reference.write(db.parent / "target")  # the floor: the same models' SQL, compiled for this build
        slowest = json.loads((db.parent / "target" / "run_results.json").read_text())["results"]
        result["slowest_models"] = sorted(((r["execution_time"], r["unique_id"].split(".")[-1]) for r in slowest),
                                          reverse=True)[:8]

    floor_samples = []
    for run in range(0 if "floor" in skip else runs):
        out = work / "floor"
        shutil.rmtree(out, ignore_errors=True)
        floor_samples.append(measure([sys.executable, str(ROOT / "bench" / "reference.py"), "run", str(db), str(out)],
                                     env, logs / f"floor_{run}.log"))
        print(f"{contacts:>11,} floor        {floor_samples[-1][0]:8.1f} s  {floor_samples[-1][1] / 1e9:5.2f} GB", flush=True)
        check_floor(db, out)
    if floor_samples:
        result["floor"] = summary(floor_samples)

    if contacts <= pandas_max and "pandas" not in skip:
        pandas_samples = []
        for run in range(runs):
            out = work / "pandas.parquet"
            pandas_samples.append(measure([sys.executable, str(ROOT / "bench" / "pandas_kpi_daily.py"), str(base), str(out)],
                                          env, logs / f"pandas_{run}.log"))
            print(f"{contacts:>11,} pandas       {pandas_samples[-1][0]:8.1f} s  {pandas_samples[-1][1] / 1e9:5.2f} GB", flush=True)
            check_pandas(db, out)
        result["pandas"] = summary(pandas_samples)

    if incremental and "incremental" not in skip:
        snapshot = work / "after_full.duckdb"
        shutil.copy2(db, snapshot)
        plus_env = dbt_env(plus_one, db)
        inc_samples = []
        for run in range(runs):
            shutil.copy2(snapshot, db)
            inc_samples.append(measure(dbt("run"), plus_env, logs / f"incremental_{run}.log"))
            print(f"{contacts:>11,} +1 day       {inc_samples[-1][0]:8.1f} s  {inc_samples[-1][1] / 1e9:5.2f} GB", flush=True)
        result["incremental"] = summary(inc_samples)
        snapshot.unlink()

    build_samples = []
    for run in range(0 if "build" in skip else runs):
        fresh(db)
        build_samples.append(measure(dbt("build"), env, logs / f"build_{run}.log"))
        print(f"{contacts:>11,} dbt build    {build_samples[-1][0]:8.1f} s  {build_samples[-1][1] / 1e9:5.2f} GB", flush=True)
    if build_samples:
        result["dbt_build"] = summary(build_samples)
    fresh(db)
    return result


def bench_spill(contacts: int, days: int, memory: str, command: str = "build", threads: int = 1) -> dict:
    base, _ = export_for(contacts, days)
    work = BENCH / "runs" / f"spill_{contacts}"
    db = work / "wh.duckdb"
    fresh(db)
    (work / "logs").mkdir(parents=True, exist_ok=True)
    # one model at a time: models running side by side share the one memory limit
    env = dbt_env(base, db, DUCKDB_MEMORY_LIMIT=memory, DBT_THREADS=str(threads))
    subprocess.run(dbt("seed", "--quiet"), cwd=ROOT, env=env, check=True)
    seconds, peak = measure(dbt(command), env, work / "logs" / f"{command}.log", temp=work / "tmp")
    spilled = measure.peak_temp
    con = duckdb.connect(str(db), read_only=True)
    (fct_rows,) = con.execute("select count(*) from main.fct_contacts").fetchone()
    con.close()
    fresh(db)
    return {"contacts": contacts, "memory_limit": memory, "command": command, "threads": threads, "seconds": seconds,
            "peak_gb": peak / 1e9, "fct_contacts_rows": fct_rows, "spilled_gb": spilled / 1e9,
            "measured_on": time.strftime("%Y-%m-%d"), "commit": commit()}


def commit() -> str | None:
    """The checked-out commit the measurement ran on (None outside a git checkout)."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


MEASURES = ("dbt_run", "dbt_build", "floor", "pandas", "incremental")


def merged(stored: dict | None, measured: dict, days: int) -> dict:
    """The new measurements, plus the stored ones of the same export (same rows
    written, same days) for what this invocation skipped: a long benchmark can be
    measured in parts (--skip), each part keeping its own date."""
    measured["days"] = days
    if stored and stored.get("rows_written") == measured["rows_written"] and stored.get("days") == days:
        for key in (*MEASURES, "slowest_models"):
            if key not in measured and stored.get(key):
                measured[key] = stored[key]
    return measured


# ---------------------------------------------------------------- report

def versions() -> dict[str, str]:
    from importlib.metadata import version
    return {name: version(name) for name in ("dbt-core", "dbt-duckdb", "duckdb", "pandas")}


def cell(stats: dict | None) -> str:
    if not stats:
        return "-"
    return f"{stats['median_s']:.1f} ({stats['min_s']:.1f}-{stats['max_s']:.1f})"


def report(results: list[dict], spill: dict | None, days: int, runs: int) -> str:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        "Measured by `make bench` (`scripts/bench.py`) on this machine.",
        "",
        f"Machine: {os.cpu_count()} cores, {memory_gb:.0f} GiB memory, {platform.platform()}, "
        f"Python {platform.python_version()}; " + ", ".join(f"{k} {v}" for k, v in versions().items()) + ".",
        f"Profile: threads {os.environ.get('DBT_THREADS', '2')} (dbt), DuckDB memory_limit "
        f"{os.environ.get('DUCKDB_MEMORY_LIMIT', '8GB')}, temp_directory warehouse/tmp (spills there).",
        "",
        f"Exports: the project's generator, {days} daily drops (+1 for the incremental run), "
        "seed 7, no defective rows (so pandas can be compared). Each figure is the median of "
        "its runs (column runs), with min-max in brackets; memory is the peak resident memory "
        "of the whole process tree.",
        "",
        "| contacts | messages | runs | dbt run s | dbt build s | floor s | pandas s | +1 day s | dbt run peak GB | floor peak GB | pandas peak GB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def peak(stats: dict | None) -> str:
        return f"{stats['peak_gb']:.2f}" if stats else "-"

    def ratio(top: dict | None, bottom: dict | None) -> str:
        return f"{top['median_s'] / bottom['median_s']:.2f}" if top and bottom else "-"

    for r in results:
        rows, run = r.get("rows_written", {}), r.get("dbt_run")
        lines.append(
            f"| {r['contacts']:,} | {rows.get('messages', 0):,} | {run['runs'] if run else '-'} | {cell(run)} | "
            f"{cell(r.get('dbt_build'))} | {cell(r.get('floor'))} | {cell(r.get('pandas'))} | {cell(r.get('incremental'))} | "
            f"{peak(run)} | {peak(r.get('floor'))} | {peak(r.get('pandas'))} |")
    dates = []
    for r in results:
        days = sorted({r[key]["measured_on"] for key in MEASURES if r.get(key) and r[key].get("measured_on")})
        if days:
            dates.append(f"{r['contacts']:,} on {' and '.join(days)}")
    if dates:
        lines += ["", "Measured: " + "; ".join(dates) + "."]
    lines += ["", "Ratios (medians):", "", "| contacts | dbt run / floor | pandas / dbt run | +1 day / full run | dbt run s per million contacts |",
              "|---:|---:|---:|---:|---:|"]
    for r in results:
        run = r.get("dbt_run")
        per_million = f"{run['median_s'] / (r['contacts'] / 1e6):.1f}" if run else "-"
        lines.append(f"| {r['contacts']:,} | {ratio(run, r.get('floor'))} | {ratio(r.get('pandas'), run)} | "
                     f"{ratio(r.get('incremental'), run)} | {per_million} |")
    largest = results[-1] if results else {"contacts": 0, "slowest_models": []}
    lines += ["", f"Slowest models of the last full `dbt run` at {largest['contacts']:,} contacts "
              "(seconds, from target/run_results.json):", ""]
    lines += [f"- {name}: {seconds:.1f}" for seconds, name in largest.get("slowest_models", [])]
    if spill:
        lines += ["", "## Spilling instead of failing", "",
                  f"`dbt {spill.get('command', 'build')}` of {spill['contacts']:,} contacts with DuckDB's memory_limit at "
                  f"{spill['memory_limit']} and {spill.get('threads', 2)} dbt thread(s): completed in "
                  f"{spill['seconds']:.0f} s, peak resident memory {spill['peak_gb']:.2f} GB of the process tree, "
                  f"{spill['fct_contacts_rows']:,} rows in fct_contacts; DuckDB spilled up to "
                  f"{spill.get('spilled_gb', 0):.1f} GB to its temp_directory and cleaned it up."]
        if spill.get("measured_on"):
            lines[-1] += f" Measured on {spill['measured_on']}" + (
                f" at commit {spill['commit']}." if spill.get("commit") else ".")
    return "\n".join(lines) + "\n"


BEGIN, END = "<!-- measured: written by scripts/bench.py -->", "<!-- /measured -->"


def write_report(path: Path, measured: str) -> None:
    """Replace the measured part of the report; text around it (the analysis) stays."""
    block = f"{BEGIN}\n{measured}{END}\n"
    text = path.read_text() if path.exists() else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END) + 1:]
    else:
        text = block + text
    path.write_text(text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--pandas-max", type=int, default=1_000_000)
    parser.add_argument("--spill-contacts", type=int, default=0)
    parser.add_argument("--spill-memory", default="2GB")
    parser.add_argument("--spill-command", choices=["run", "build"], default="build")
    parser.add_argument("--spill-threads", type=int, default=1, help="dbt threads of the spill build")
    parser.add_argument("--skip", default="", help="comma-separated: run, floor, build, pandas, incremental; "
                        "a skipped measurement keeps the one stored for the same export, if any")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--results", default=str(ROOT / "bench" / "results.json"),
                        help="where measurements are kept between invocations")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    BENCH.mkdir(parents=True, exist_ok=True)
    # results of earlier invocations (other sizes) are kept, so sizes can be run separately
    stored = Path(args.results)
    saved = json.loads(stored.read_text()) if stored.exists() else {}
    for size in sizes:
        try:
            measured = bench_size(size, args.days, args.runs, args.pandas_max, incremental=size == max(sizes),
                                  skip=frozenset(filter(None, args.skip.split(","))))
        except Mismatch as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        saved[str(size)] = merged(saved.get(str(size)), measured, args.days)
        stored.write_text(json.dumps(saved, indent=2, default=str) + "\n")
    if args.spill_contacts:
        saved["spill"] = bench_spill(args.spill_contacts, args.days, args.spill_memory, args.spill_command,
                                     args.spill_threads)
        stored.write_text(json.dumps(saved, indent=2, default=str) + "\n")
    results = [saved[key] for key in sorted((k for k in saved if k.isdigit()), key=int)]
    write_report(Path(args.output), report(results, saved.get("spill"), args.days, args.runs))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
