"""The same project on Apache Spark (`make test-spark`): the demo export written as
Parquet by scripts/load_exports.py, `dbt build` with every data and unit test on
the `spark` target (dbt-spark's session method, local[2]), and every mart equal
row for row to the DuckDB build (floats within 1e-9).

Slow (Spark starts a JVM and runs each of the ~450 nodes as Spark jobs), so it is
marked `spark` and left out of the default run; `make test-spark` installs
requirements-spark.txt and runs it."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT, dbt_env
from engines import BIN, DEMO, build_passed_every_test, compare_marts, duckdb_demo_build, duckdb_rows, \
    table_differences

pytestmark = pytest.mark.spark


def spark_env(work) -> dict[str, str]:
    return dbt_env(CRM_EXPORT_DIR=str(DEMO), DBT_TARGET="spark", SPARK_RAW_DIR=str(work / "raw"),
                   SPARK_WAREHOUSE_DIR=str(work / "spark" / "tables"), DBT_TARGET_PATH=str(work / "spark-target"),
                   DBT_LOG_PATH=str(work / "spark-logs"), TZ="UTC")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    pytest.importorskip("pyspark", reason="make test-spark installs requirements-spark.txt")
    work = tmp_path_factory.mktemp("spark")
    duck = duckdb_demo_build(work, dbt_env())
    env = spark_env(work)
    load = subprocess.run([sys.executable, str(ROOT / "scripts" / "load_exports.py"), "--target", "spark",
                           "--out", env["SPARK_RAW_DIR"]], cwd=ROOT, env=env, capture_output=True, text=True)
    assert load.returncode == 0, load.stdout[-3000:] + load.stderr[-3000:]
    build = subprocess.run([str(BIN / "dbt"), "build"], cwd=ROOT, env=env, capture_output=True, text=True)
    yield duck, env, build


@pytest.fixture(scope="module")
def spark(builds):
    """A Spark session on the build's metastore and tables (after dbt has exited),
    with Python's clock in UTC so timestamps come back as the UTC times stored."""
    from pyspark.sql import SparkSession

    _duck, env, _build = builds
    os.environ["TZ"] = "UTC"
    time.tzset()
    tables = env["SPARK_WAREHOUSE_DIR"]
    session = (SparkSession.builder.master("local[2]").appName("compare")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.timeType.enabled", "true")
               .config("spark.sql.warehouse.dir", tables)
               .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                       f"jdbc:derby:;databaseName={tables}/../metastore_db;create=true")
               .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={tables}/..")
               .enableHiveSupport().getOrCreate())
    yield session
    session.stop()


def spark_rows(session, table: str, columns: list[str]) -> list[tuple]:
    frame = session.sql("select " + ", ".join(f"`{c}`" for c in columns) + f" from main.{table}")
    return [tuple(row) for row in frame.collect()]


def test_build_with_every_data_and_unit_test_passes_on_spark(builds):
    _duck, _env, build = builds
    build_passed_every_test(build)


def test_every_mart_equals_duckdb_row_for_row(builds, spark):
    duck, _env, build = builds
    assert build.returncode == 0, "the spark build failed (see the build test)"
    problems, compared = compare_marts(duck, lambda mart, columns: spark_rows(spark, mart, columns), "spark")
    assert not problems, "\n".join(problems)
    assert compared > 1000


def test_the_comparison_sees_a_changed_count(builds, spark):
    """The comparison can fail: one answered count off by one is reported."""
    import duckdb

    duck, _env, _build = builds
    con = duckdb.connect(str(duck), read_only=True)
    try:
        columns, duck_rows = duckdb_rows(con, "main", "kpi_daily")
    finally:
        con.close()
    spark_side = spark_rows(spark, "kpi_daily", columns)
    position = columns.index("answered_count")
    changed = [row[:position] + (row[position] + 1,) + row[position + 1:] for row in spark_side[:1]] + spark_side[1:]
    problems = table_differences("kpi_daily", columns, duck_rows, changed, "duckdb", "spark")
    assert len(problems) == 1 and "answered_count" in problems[0], problems
