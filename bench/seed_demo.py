"""Benchmark: time `seed_demo` at national scale on a fresh database.

    .venv/bin/python bench/seed_demo.py --labs 20000 [--database-url postgres://postgres@127.0.0.1:5432/cnrs_bench]

Without --database-url it uses a temporary SQLite file. The issue's target: 20,000 labs in under two
minutes on the 2-core development machine.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--labs", type=int, default=20000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        started = time.monotonic()
        subprocess.run([*manage, "seed_demo", "--labs", str(args.labs), "--replace"], env=env, check=True)
        elapsed = time.monotonic() - started
    print(f"seed_demo --labs {args.labs} on {url.split(':')[0]}: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
