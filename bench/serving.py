"""Serving the application for the benchmarks: gunicorn on a free port of the loopback, and reading wrk."""

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {server.returncode}): see {log or BENCH_LOG}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer /healthz within {seconds:.0f} s")


def parse_wrk(output: str) -> dict:
    """Requests per second, 99th percentile (ms) and errors (socket errors and non-2xx/3xx) of wrk's report."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    requests = re.search(r"(\d+) requests in", output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += int(match.group(1)) if (match := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    return {
        "requests_per_s": float(rate.group(1)) if rate else None,
        "p99_ms": float(p99.group(1)) * WRK_UNITS[p99.group(2)] if p99 else None,
        "requests": int(requests.group(1)) if requests else None,
        "errors": errors,
    }


BENCH_LOG = Path("/tmp/cnrs-bench-gunicorn.log")
