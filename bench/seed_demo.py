"""Benchmark: time `seed_demo` at national scale on a fresh database.

    .venv/bin/python bench/seed_demo.py --labs 20000 [--database-url postgres://postgres@127.0.0.1:5432/cnrs_bench]

Without --database-url it uses a temporary SQLite file. The issue's target: 20,000 labs in under two
minutes on the 2-core development machine. `python -m bench` builds its databases with `build`.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*arguments: str, database_url: str) -> None:
    """Runs `manage.py` with `arguments` on the database at `database_url`, in a child process."""
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *arguments], env=env, check=True)


def build(labs: int, database_url: str) -> float:
    """Migrates the database at `database_url` and fills it with `labs` demo labs (replacing any data);
    returns the seconds `seed_demo` took."""
    manage("migrate", "-v0", database_url=database_url)
    started = time.monotonic()
    manage("seed_demo", "--labs", str(labs), "--replace", database_url=database_url)
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--labs", type=int, default=20000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        elapsed = build(args.labs, url)
    print(f"seed_demo --labs {args.labs} on {url.split(':')[0]}: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
