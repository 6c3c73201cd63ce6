"""The application's speed at national scale: `python -m bench`, from the project's folder.

    .venv/bin/python -m bench [--labs 1100,20000] [--db sqlite|postgres] [--out FILE] [--runs 7]
                              [--import-rows 20000] [--reuse] [--wrk [--wrk-seconds 10]]

For each size it builds a database with `seed_demo` (`bench/seed_demo.py`; `--reuse` keeps one built by an
earlier run with that many labs), then measures the pages in a child process in production mode
(DJANGO_DEBUG=0, static files collected into the benchmark's folder): `bench/public_pages.py` warms each
page up, counts its queries and takes the median of `--runs` requests through Django's test client, in
process; the CSV export of every lab also gives its peak memory (tracemalloc). Then it imports a generated
RNSR file of `--import-rows` rows into an empty database (`bench/import_rnsr.py`: rows per second, first
import and the same file again). It prints one table (page, size, median, queries, ratio to the floor —
`/healthz`, the cost of a request that does nothing — and growth from the size before) and writes
everything, with the machine and its load, as JSON (`--out`, by default `results.json` in `--workdir`).

`--wrk` adds throughput: for each size, gunicorn with 2 workers on the loopback (`pip install -e
".[deploy]"`) and `wrk` (`apt-get install -y wrk`) on each anonymous page for `--wrk-seconds`, with gzip
accepted: requests per second, 99th percentile latency and errors. Client and server share the machine.

`--load` runs the load run of issue 10 instead (`bench/load.py`: gunicorn as configured by
`gunicorn.conf.py`, `wrk` on a mix of public pages with full downloads, `/healthz` probed, an editor saving
labs) at the largest `--labs` size; it needs REDIS_URL, which the workers share (the downloads' limits per
address, the page cache with `--page-cache`).

PostgreSQL databases are `cnrs_bench_<labs>` and `cnrs_bench_import` on `--postgres-url` (dropped and
created again); SQLite files live in `--workdir`. The page cache of anonymous pages is off unless
`--page-cache` (with REDIS_URL): otherwise every timed request after the first would be a cache hit.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from . import load, seed_demo
from .serving import BENCH_LOG, free_port, parse_wrk, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def sizes(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("give at least one size, each of at least 1 lab")
    return values


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--labs", type=sizes, default=[1100, 20000], help="sizes, e.g. 1100,20000")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--out", type=Path, help="the JSON file (default: results.json in --workdir)")
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page (median)")
    parser.add_argument("--import-rows", type=int, default=20000, help="rows of the RNSR file (0: none)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cnrs-bench"))
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--reuse", action="store_true", help="keep databases already built at a size")
    parser.add_argument("--wrk", action="store_true", help="also throughput: gunicorn and wrk")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--wrk-connections", type=int, default=8)
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="serve anonymous pages from the page cache (needs REDIS_URL); off by default: the medians "
        "would time the cache",
    )
    parser.add_argument(
        "--load", action="store_true", help="the load run instead of the measures (bench/load.py; REDIS_URL)"
    )
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--load-connections", type=int, default=50)
    parser.add_argument(
        "--load-mix",
        choices=["public", "downloads"],
        default="public",
        help="public pages with downloads and an editor, or only full downloads (bench/load.py)",
    )
    parser.add_argument(
        "--load-sync-workers", action="store_true", help="gunicorn's sync workers, as before issue 10"
    )
    args = parser.parse_args(argv)
    if args.load and not os.environ.get("REDIS_URL"):
        parser.error(
            "--load needs REDIS_URL (the cache the workers share: the downloads' limits per address)"
        )
    if args.page_cache and not os.environ.get("REDIS_URL"):
        parser.error("--page-cache needs REDIS_URL (the cache the workers share)")
    return args


# --- databases -------------------------------------------------------------------------------------------


def database_url(args: argparse.Namespace, name: str) -> str:
    if args.db == "postgres":
        return f"{args.postgres_url.rstrip('/')}/{name}"
    return f"sqlite:///{args.workdir / name}.sqlite3"


def lab_count(args: argparse.Namespace, name: str) -> int | None:
    """How many labs the benchmark database `name` holds, None when it does not exist or is not migrated."""
    try:
        if args.db == "sqlite":
            path = args.workdir / f"{name}.sqlite3"
            if not path.exists():
                return None
            with sqlite3.connect(path) as connection:
                return connection.execute("SELECT count(*) FROM labs_lab").fetchone()[0]
        import psycopg

        with psycopg.connect(database_url(args, name), connect_timeout=5) as connection:
            row = connection.execute("SELECT count(*) FROM labs_lab").fetchone()
            return row[0] if row else None
    except Exception:  # sqlite3.Error, psycopg.Error: no such database or table
        return None


def empty_database(args: argparse.Namespace, name: str) -> str:
    """An empty database `name` (an earlier one dropped), its URL."""
    if args.db == "sqlite":
        (args.workdir / f"{name}.sqlite3").unlink(missing_ok=True)
    else:
        import psycopg
        from psycopg import sql

        with psycopg.connect(f"{args.postgres_url.rstrip('/')}/postgres", autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return database_url(args, name)


def seeded_database(args: argparse.Namespace, labs: int) -> tuple[str, float | None]:
    """The URL of a database holding `labs` demo labs, and how long seeding it took (None: reused)."""
    name = f"cnrs_bench_{labs}"
    if args.reuse and lab_count(args, name) == labs:
        print(f"reusing {name} ({labs} labs), migrated to this version", flush=True)
        url = database_url(args, name)
        seed_demo.manage("migrate", "-v0", database_url=url)  # built by an earlier version, perhaps
        return url, None
    print(f"building {name}: seed_demo --labs {labs}", flush=True)
    url = empty_database(args, name)
    return url, seed_demo.build(labs, url)


# --- the application in production mode -----------------------------------------------------------------


def app_env(args: argparse.Namespace, url: str) -> dict[str, str]:
    """What the children run with: the database, production mode, plain HTTP on the loopback."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": str(args.workdir / "static"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_PUBLIC_PAGE_CACHE_SECONDS": "600" if args.page_cache else "0",
    }


def collect_static(args: argparse.Namespace, url: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=app_env(args, url),
        check=True,
    )


def child_json(command: list[str], env: dict[str, str]) -> dict:
    """Runs a benchmark script and reads the JSON it prints last."""
    result = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_pages(args: argparse.Namespace, url: str) -> dict:
    command = [sys.executable, str(BENCH / "public_pages.py"), "--runs", str(args.runs), "--json"]
    return child_json(command, app_env(args, url))


def measure_import(args: argparse.Namespace) -> dict:
    print(f"importing a generated RNSR file of {args.import_rows} rows", flush=True)
    url = empty_database(args, "cnrs_bench_import")
    seed_demo.manage("migrate", "-v0", database_url=url)
    command = [sys.executable, str(BENCH / "import_rnsr.py"), "--rows", str(args.import_rows)]
    return child_json(
        [*command, "--database-url", url, "--json"], {**os.environ, "DJANGO_LOG_LEVEL": "ERROR"}
    )


# --- throughput -------------------------------------------------------------------------------------------


def throughput(args: argparse.Namespace, url: str, pages: list[dict]) -> list[dict]:
    """wrk on each anonymous page, against gunicorn with 2 workers serving the database at `url`."""
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        sys.exit('gunicorn is missing: .venv/bin/pip install -e ".[deploy]"')
    base = f"http://127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", base.removeprefix("http://")]
    with BENCH_LOG.open("w") as log:
        server = subprocess.Popen(
            [*command, "cnrs_partners.wsgi"], env=app_env(args, url), stdout=log, stderr=log
        )
        try:
            wait_until_up(base, server)
            results = []
            for page in pages:
                wrk = [
                    "wrk",
                    "--threads",
                    "2",
                    "--connections",
                    str(args.wrk_connections),
                    "--duration",
                    f"{args.wrk_seconds}s",
                    "--latency",
                    "--header",
                    "Accept-Encoding: gzip",
                    base + page["url"],
                ]
                output = subprocess.run(wrk, check=True, stdout=subprocess.PIPE, text=True).stdout
                results.append({"label": page["label"], "url": page["url"], **parse_wrk(output)})
                print(f"  wrk {page['label']}: {results[-1]['requests_per_s']} req/s", flush=True)
            return results
        finally:
            server.terminate()
            server.wait(timeout=30)


# --- report -----------------------------------------------------------------------------------------------


def machine() -> dict:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = meminfo.read_text().splitlines()[0].split(":")[1].strip()
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (line.split(":")[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line),
            "",
        )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
    }


def add_ratios(runs: list[dict]) -> list[dict]:
    """Rows of the table: each page at each size, with its ratio to /healthz and its growth from the size
    before."""
    rows = []
    by_size = {run["labs"]: {result["label"]: result for result in run["results"]} for run in runs}
    ordered = sorted(by_size)
    labels = [result["label"] for result in runs[0]["results"]]
    for label in labels:
        previous: dict | None = None
        for size in ordered:
            result = by_size[size].get(label)
            if result is None:
                continue
            floor = by_size[size]["healthz"]["median_ms"]
            growth = result["median_ms"] / previous["median_ms"] if previous else None
            rows.append(
                {**result, "labs": size, "ratio_to_floor": result["median_ms"] / floor, "growth": growth}
            )
            previous = result
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        f"{'page':<28} {'labs':>7} {'median ms':>10} {'queries':>8} {'× floor':>8} {'growth':>7}  status"
    ]
    for row in rows:
        growth = f"{row['growth']:6.2f}×" if row["growth"] else ""
        lines.append(
            f"{row['label']:<28} {row['labs']:>7,} {row['median_ms']:>10.1f} {row['queries']:>8} "
            f"{row['ratio_to_floor']:>8.0f} {growth:>7}  {row['status']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    out = args.out or args.workdir / "results.json"
    report: dict = {
        "machine": machine(),
        "database": args.db,
        "page_cache": args.page_cache,
        "runs": args.runs,
        "sizes": [],
    }
    if args.load:
        labs = max(args.labs)
        url, seeded = seeded_database(args, labs)
        collect_static(args, url)
        report["load"] = {"labs": labs, "seed_demo_s": seeded, **load.run(args, url, app_env(args, url))}
        report["machine"]["load_average_at_end"] = os.getloadavg()
        out.write_text(json.dumps(report, indent=1) + "\n")
        print(f"\nwritten to {out}")
        return
    static_collected = False
    for labs in args.labs:
        url, seeded = seeded_database(args, labs)
        if not static_collected:
            collect_static(args, url)
            static_collected = True
        print(f"measuring the pages at {labs} labs", flush=True)
        measured = measure_pages(args, url)
        entry = {"labs": labs, "seed_demo_s": seeded, **measured}
        if args.wrk:
            pages = [
                r for r in measured["results"] if r["role"] is None and not r["url"].endswith("status=all")
            ]
            entry["wrk"] = throughput(args, url, pages)
        report["sizes"].append(entry)
    if args.import_rows:
        report["import"] = measure_import(args)
    report["machine"]["load_average_at_end"] = os.getloadavg()
    report["table"] = add_ratios(report["sizes"])

    print()
    cached = "with" if args.page_cache else "without"
    print(
        f"{args.db}, {cached} the page cache, median of {args.runs} requests after a warm-up; "
        f"load average {report['machine']['load_average_at_start'][0]:.1f} at start"
    )
    print(table(report["table"]))
    for entry in report["sizes"]:
        export = next(r for r in entry["results"] if r["url"].endswith("export.csv?status=all"))
        print(
            f"CSV export of {entry['labs']:,} labs: {export['median_ms'] / 1000:.2f} s, {export['bytes'] / 1e6:.1f} MB, "
            f"peak {export['peak_mb']:.1f} MB traced (max RSS +{export['max_rss_growth_mb']:.0f} MB)"
        )
        if entry["seed_demo_s"] is not None:
            print(f"seed_demo --labs {entry['labs']}: {entry['seed_demo_s']:.1f} s")
    for run in report.get("import", {}).get("runs", []):
        print(
            f"import_rnsr, {report['import']['rows']:,} rows, {run['label']}: {run['seconds']:.1f} s, {run['rows_per_s']:.0f} rows/s"
        )
    for entry in report["sizes"]:
        for result in entry.get("wrk", []):
            print(
                f"wrk {entry['labs']:>7,} labs  {result['label']:<28} {result['requests_per_s'] or 0:>8.1f} req/s  "
                f"p99 {result['p99_ms'] or 0:>8.1f} ms  errors {result['errors']}"
            )
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
