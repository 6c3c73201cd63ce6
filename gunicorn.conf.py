"""gunicorn's settings for cnrs_partners: `gunicorn -c gunicorn.conf.py cnrs_partners.wsgi` (gunicorn also
reads this file by itself when started from this folder). Command-line options override it.

Threaded workers (`gthread`), not gunicorn's default `sync` ones: a sync worker serves one request at a
time, and a streamed export holds it for as long as the client takes to read a few megabytes — two slow
downloads took both workers and `/healthz` (the load balancer's probe) waited seconds behind them (issue
10). A gthread worker hands each connection to one of its threads, so a download holds a thread while the
others, and the worker's accepting loop, go on serving. Threads share a process's GIL: CPU-heavy work still
slows its neighbours, which is why each client address is also held to a few downloads at a time
(`regions.export_throttle`) and the public pages come from the page cache (Redis).

Each thread keeps its own database connection (`conn_max_age`): WEB_CONCURRENCY × GUNICORN_THREADS must
stay well below PostgreSQL's `max_connections` (100 by default), with room for the workers of a restart.
"""

import multiprocessing
import os


def _positive(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r} must be a whole number of at least 1.")
    return int(raw)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core: a process's threads take turns on its GIL, processes are scheduled by the
# system, which shares the cores more fairly between a probe and the pages beside it (measured in the load
# run: /healthz's median 65 ms with 4 × 16 threads, 280 ms with 2 × 32, on 2 loaded cores).
workers = _positive("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count())
worker_class = "gthread"
# Enough threads that a few downloads and slow pages leave some free for quick requests: a connection
# waits in its worker's queue only when all of the worker's threads are busy.
threads = _positive("GUNICORN_THREADS", 16)
# A worker that stops answering its heartbeat for this long is restarted (a stream keeps it alive).
timeout = 60
graceful_timeout = 30
keepalive = 5
# Workers are replaced after this many requests (with jitter, not all at once): bounds slow memory growth.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
