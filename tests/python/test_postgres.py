"""The same project on PostgreSQL: a private server, the demo export loaded with
scripts/load_exports.py, `dbt build` with every data and unit test on the
`postgres` target, and every mart equal row for row to the DuckDB build (floats
within 1e-9)."""
from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from conftest import ROOT, dbt_env
from engines import DEMO, BIN, build_passed_every_test, compare_marts, dbapi_rows, duckdb_demo_build, duckdb_rows, \
    table_differences

sys.path.insert(0, str(ROOT / "scripts"))
import pg_server  # noqa: E402

READER = "bi_reader"


def require_postgres() -> None:
    try:
        pg_server.pg_bin("initdb")
    except SystemExit as missing:
        # `make test` installs the server first (scripts/pg_server.py install)
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(DuckDB build file, postgres environment, postgres `dbt build` result, loader result)."""
    require_postgres()
    work = tmp_path_factory.mktemp("postgres")
    duck = duckdb_demo_build(work, dbt_env())
    with pg_server.server() as (port, _pid):
        pg_env = dbt_env(CRM_EXPORT_DIR=str(DEMO), DBT_TARGET="postgres", PGHOST="127.0.0.1", PGPORT=str(port),
                         PGUSER="postgres", PGDATABASE=pg_server.DATABASE, MARTS_READER_ROLES=READER,
                         DBT_TARGET_PATH=str(work / "pg-target"), DBT_LOG_PATH=str(work / "pg-logs"))
        role = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", pg_server.DATABASE,
                               "-c", f"create role {READER} login"], capture_output=True, text=True)
        assert role.returncode == 0, role.stderr
        load = subprocess.run([sys.executable, str(ROOT / "scripts" / "load_exports.py"), "--target", "postgres"],
                              cwd=ROOT, env=pg_env, capture_output=True, text=True)
        assert load.returncode == 0, load.stdout[-3000:] + load.stderr[-3000:]
        build = subprocess.run([str(BIN / "dbt"), "build"], cwd=ROOT, env=pg_env, capture_output=True, text=True)
        yield duck, pg_env, build, load


@pytest.fixture
def pg_cursor(builds):
    import psycopg2

    _duck, env, _build, _load = builds
    connection = psycopg2.connect(host=env["PGHOST"], port=int(env["PGPORT"]), user=env["PGUSER"],
                                  dbname=env["PGDATABASE"])
    try:
        yield connection.cursor()
    finally:
        connection.rollback()
        connection.close()


def test_loader_writes_every_raw_row(builds):
    _duck, _env, _build, load = builds
    # the demo export's contacts, as the DuckDB build reads them
    con = duckdb.connect()
    (expected,) = con.execute(
        "select count(*) from read_csv($glob, all_varchar = true, header = true)",
        {"glob": str(DEMO / "contacts*.csv*")}).fetchone()
    line = next(line for line in load.stdout.splitlines() if line.startswith("raw_crm_export.contacts "))
    assert int(line.split()[-2].replace(",", "")) == expected


def test_build_with_every_data_and_unit_test_passes_on_postgres(builds):
    _duck, _env, build, _load = builds
    build_passed_every_test(build)


def test_every_mart_equals_duckdb_row_for_row(builds, pg_cursor):
    duck, _env, build, _load = builds
    assert build.returncode == 0, "the postgres build failed (see the build test)"
    problems, compared = compare_marts(duck, lambda mart, columns: dbapi_rows(pg_cursor, "main", mart, columns),
                                       "postgres")
    assert not problems, "\n".join(problems)
    assert compared > 1000


def test_the_comparison_sees_a_changed_rate(builds, pg_cursor):
    """The comparison can fail: one service level moved by 1e-6 is reported."""
    duck, _env, _build, _load = builds
    pg_cursor.execute("update main.kpi_daily set service_level = service_level + 1e-6 "
                      "where ctid = (select min(ctid) from main.kpi_daily where service_level is not null)")
    assert pg_cursor.rowcount == 1
    con = duckdb.connect(str(duck), read_only=True)
    try:
        columns, duck_rows = duckdb_rows(con, "main", "kpi_daily")
    finally:
        con.close()
    problems = table_differences("kpi_daily", columns, duck_rows, dbapi_rows(pg_cursor, "main", "kpi_daily", columns),
                                 "duckdb", "postgres")
    assert len(problems) == 1 and "service_level" in problems[0], problems


def test_a_read_only_role_reads_the_marts_and_nothing_else(builds):
    """Serving BI from PostgreSQL: the role named in MARTS_READER_ROLES may select
    from the marts (dbt `grants`), not change them, and not read the quarantine,
    which holds raw rows with personal data."""
    import psycopg2

    _duck, env, build, _load = builds
    assert build.returncode == 0, "the postgres build failed (see the build test)"
    connection = psycopg2.connect(host=env["PGHOST"], port=int(env["PGPORT"]), user=READER, dbname=env["PGDATABASE"])
    connection.autocommit = True
    try:
        cursor = connection.cursor()
        cursor.execute("select count(*) from main.kpi_daily")
        assert cursor.fetchone()[0] > 0
        for statement in ("delete from main.kpi_daily", "select count(*) from quarantine.rejected_rows",
                          "select count(*) from main.int_contacts_measured"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cursor.execute(statement)
    finally:
        connection.close()
