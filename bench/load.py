"""The load run of issue 10: `python -m bench --load`, from the project's folder.

    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python -m bench --load --labs 20000 --db postgres --reuse
        [--page-cache] [--load-seconds 60] [--load-connections 50]

Against gunicorn as production runs it (`gunicorn.conf.py`: threaded workers; production mode; the
downloads' limits per address at their defaults; Redis shared by the workers, so that the limits hold
across them), on the loopback, three things at once for `--load-seconds`:

- `wrk` with `--load-connections` connections on a mix of public pages, full CSV and JSON downloads among
  them (a Lua script rotates the addresses; every connection comes from 127.0.0.1, so most downloads are
  refused with 429 by the limits per address: that is expected; a 5xx never is);
- a second `wrk` on `/healthz` alone, two connections pacing their requests (20 ms apart), for the probe's
  latency while the site is loaded (50th and 99th percentiles), and a third one on the probe's own server
  (`cnrs_partners.wsgi.probe_application`, one gunicorn worker on a port of its own, as production runs
  it beside the site: README, *Production serving*);
- an editor (`claire`, regional editor of DR04, logged in once through the admin's login form: django-axes
  counts logins) who opens a lab's change form, changes its internal notes and saves it (the form's CSRF
  token and version), lab after lab. Afterwards each saved value is looked for in the database: in the
  lab's history, and in the lab itself for its last save. A save refused or missing is a lost edit.

`--load-mix downloads` runs the issue's first symptom instead: `--load-connections` clients downloading the
full exports in a loop (no editor), `/healthz` probed. `--load-sync-workers` serves with gunicorn's sync
workers (2), as before issue 10; with `DJANGO_EXPORT_CONCURRENT_PER_ADDRESS=0
DJANGO_EXPORTS_PER_MINUTE_PER_ADDRESS=0` in the environment, that is the site before it.

It prints one summary and adds it to the JSON report as "load". Client and server share the machine.
"""

import argparse
import http.cookiejar
import json
import os
import re
import resource
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from . import seed_demo
from .serving import WRK_UNITS, free_port, parse_wrk, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
EDITOR, EDITOR_PASSWORD = "claire", "demo-editor-cnrs"  # the demo's regional editor (README)
LOG = Path("/tmp/cnrs-bench-load-gunicorn.log")
LIMITS = ("DJANGO_EXPORT_CONCURRENT_PER_ADDRESS", "DJANGO_EXPORTS_PER_MINUTE_PER_ADDRESS")

MIX_SCRIPT = """-- The public pages' mix of python -m bench --load, one address after another on each connection.
local paths = {%(paths)s}
local headers = {["Accept-Encoding"] = "gzip"}
local threads = {}
local next_path = 0
statuses = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  next_path = math.random(#paths)
end

function request()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path], headers)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  io.write("STATUSES")
  for status, count in pairs(totals) do
    io.write(" ", status, "=", count)
  end
  io.write("\\n")
end
"""

PROBE_SCRIPT = """-- /healthz, paced: a probe, not a second load.
function delay()
  return 20
end
"""


# --- what the run reads and writes -----------------------------------------------------------------------


def _query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, connect_timeout=10) as connection:
        return connection.execute(sql, params).fetchall()


def mix(url: str) -> list[str]:
    """The public pages of the mix, on the seeded database: lists, detail pages, both languages, and the
    full downloads."""
    lab = _query(url, "SELECT slug FROM labs_lab WHERE unit_type = 'UMR' ORDER BY id LIMIT 1")[0][0]
    site = _query(
        url,
        "SELECT s.slug FROM agreements_site s JOIN agreements_site_labs l ON l.site_id = s.id "
        "GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1",
    )[0][0]
    cnrs = _query(url, "SELECT slug FROM labs_partner WHERE acronym = 'CNRS'")[0][0]
    return [
        "/",
        "/labs/",
        "/labs/?q=physique",
        "/labs/export.csv?status=all",
        "/labs/?institute=INP&region=DR04",
        f"/labs/{lab}/",
        "/labs/?page=3",
        "/partners/",
        f"/partners/{cnrs}/",
        "/labs/export.csv",
        "/sites/",
        f"/sites/{site}/",
        "/regions/",
        "/regions/dr04/",
        "/en/labs/",
        f"/en/labs/{lab}/",
        "/partners/export.csv",
        "/sites/export.json",
    ]


def downloads() -> list[str]:
    """Every list's full download, as a client fetching the open data in a loop would."""
    return ["/labs/export.csv?status=all", "/labs/export.csv", "/partners/export.csv", "/sites/export.json"]


def editable_labs(url: str) -> list[int]:
    return [
        row[0]
        for row in _query(
            url,
            "SELECT l.id FROM labs_lab l JOIN regions_regionaloffice o ON o.id = l.regional_office_id "
            "WHERE o.code = 'DR04' ORDER BY l.id",
        )
    ]


# --- the editor ------------------------------------------------------------------------------------------


class FormReader(HTMLParser):
    """What a browser would post from the form `form_id` of a page: its inputs, selections and text areas
    (checked boxes only, selected options, a select's first option when none is)."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in attributes), []
        elif tag == "option" and self.select:
            self.options.append((attributes.get("value", ""), "selected" in attributes))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Editor:
    """A regional editor in the back-office, saving labs one after another until told to stop."""

    def __init__(self, base: str, labs: list[int], run: str) -> None:
        self.base = base
        self.labs = labs
        self.run = run
        self.browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        self.saved: dict[int, list[str]] = {}
        self.refused: list[str] = []
        self.server_errors = 0
        self.seconds: list[float] = []
        self.stop = threading.Event()

    def open(self, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.browser.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # redirects land here too (_NoRedirect)
            return error.code, error.read().decode(errors="replace")

    def form(self, path: str, form_id: str) -> list[tuple[str, str]]:
        status, page = self.open(path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        reader = FormReader(form_id)
        reader.feed(page)
        return reader.fields

    def log_in(self) -> None:
        fields = dict(self.form("/admin/login/", "login-form"))
        fields.update(username=EDITOR, password=EDITOR_PASSWORD, next="/admin/")
        status, _ = self.open("/admin/login/", list(fields.items()))
        if status != 302:
            sys.exit(f"the editor could not log in (status {status}): is {EDITOR} in the database?")

    def save(self, lab: int, number: int) -> None:
        path = f"/admin/labs/lab/{lab}/change/"
        started = time.perf_counter()
        fields = [(name, value) for name, value in self.form(path, "lab_form") if name != "internal_notes"]
        note = f"load run {self.run}, save {number}"
        status, page = self.open(path, [*fields, ("internal_notes", note), ("_save", "Enregistrer")])
        self.seconds.append(time.perf_counter() - started)
        if status == 302:
            self.saved.setdefault(lab, []).append(note)
            return
        if status >= 500:
            self.server_errors += 1
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
        self.refused.append(f"lab {lab}: {status} {' '.join(errors)[:200]}")

    def work(self) -> None:
        number = 0
        while not self.stop.is_set():
            lab = self.labs[number % len(self.labs)]
            number += 1
            try:
                self.save(lab, number)
            except (OSError, RuntimeError) as error:
                self.refused.append(f"lab {lab}: {error}")

    def lost(self, url: str) -> list[str]:
        """The saves the database does not hold: each value in the lab's history, the last in the lab."""
        missing = []
        for lab, notes in self.saved.items():
            history = {
                row[0]
                for row in _query(url, "SELECT internal_notes FROM labs_historicallab WHERE id = %s", (lab,))
            }
            missing += [f"lab {lab}: {note} (history)" for note in notes if note not in history]
            current = _query(url, "SELECT internal_notes FROM labs_lab WHERE id = %s", (lab,))[0][0]
            if current != notes[-1]:
                missing.append(f"lab {lab}: {notes[-1]} (the lab holds {current!r})")
        return missing


# --- whose CPU --------------------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float]:
    """The machine's busy and total CPU seconds since it started (/proc/stat), all cores together."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks) - idle) / TICK, sum(ticks) / TICK


def backends_cpu(database: str) -> float:
    """CPU seconds of the PostgreSQL backends serving `database` (their title names it)."""
    seconds = 0.0
    for process in Path("/proc").glob("[0-9]*"):
        try:
            title = (process / "cmdline").read_bytes()
            if title.startswith(b"postgres: ") and f" {database} ".encode() in title:
                fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
                seconds += (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return seconds


def own_cpu() -> float:
    """CPU seconds of this process and of its children waited for (gunicorn and its workers, wrk)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cpu_shares(start: tuple[float, float, float], end: tuple[float, float, float], database_s: float) -> dict:
    """The machine's CPU during the run: in use, by the run (server, clients, database), by others."""
    busy, total = end[0] - start[0], end[1] - start[1]
    ours = end[2] - start[2] + database_s
    return {
        "machine_busy_pct": round(100 * busy / total, 1),
        "run_pct": round(100 * ours / total, 1),
        "others_pct": round(100 * max(0.0, busy - ours) / total, 1),
    }


# --- the run ---------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def statuses(output: str) -> dict[str, int]:
    line = next((line for line in output.splitlines() if line.startswith("STATUSES")), "STATUSES")
    return {status: int(count) for status, count in (part.split("=") for part in line.split()[1:])}


def latency_ms(output: str, share: str) -> float | None:
    match = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    return float(match.group(1)) * WRK_UNITS[match.group(2)] if match else None


def wrk(
    base: str, script: Path, *, seconds: int, connections: int, threads: int, path: str
) -> subprocess.Popen:
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=30s",
        "--latency",
        f"--script={script}",
        base + path,
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def add_editor(url: str) -> None:
    seed_demo.manage(
        "add_staff",
        EDITOR,
        "--role",
        "editor",
        "--office",
        "DR04",
        "--password",
        EDITOR_PASSWORD,
        database_url=url,
    )


def run(args: argparse.Namespace, url: str, env: dict[str, str]) -> dict:
    """The load run against the database at `url`, gunicorn running with `env`: its summary."""
    add_editor(url)
    labs = editable_labs(url)
    paths = mix(url) if args.load_mix == "public" else downloads()
    args.workdir.mkdir(parents=True, exist_ok=True)
    mix_script = args.workdir / "load_mix.lua"
    mix_script.write_text(MIX_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)})
    probe_script = args.workdir / "load_probe.lua"
    probe_script.write_text(PROBE_SCRIPT)

    base, probe_base = f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]
    probe_command = [
        *command,
        "--workers",
        "1",
        "--threads",
        "2",
        "--bind",
        probe_base.removeprefix("http://"),
    ]
    probe_command.append("cnrs_partners.wsgi:probe_application")
    if args.load_sync_workers:  # the command line overrides the configuration file; threads > 1 mean gthread
        command += ["--worker-class", "sync", "--workers", "2", "--threads", "1"]
    command += ["--bind", base.removeprefix("http://"), "cnrs_partners.wsgi"]
    with LOG.open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=ROOT)
        probe_server = subprocess.Popen(probe_command, env=env, stdout=log, stderr=log, cwd=ROOT)
        try:
            wait_until_up(base, server, log=LOG)
            wait_until_up(probe_base, probe_server, log=LOG)
            for path in paths:  # each page once, so that the run does not time the first imports
                try:
                    urllib.request.urlopen(base + path, timeout=120).read()
                except urllib.error.HTTPError as error:  # a download over the limits of an earlier run
                    if error.code != 429:
                        raise
            editor = Editor(base, labs, secrets.token_hex(3))
            editor.log_in()
            workers = "sync workers" if args.load_sync_workers else "gunicorn.conf.py"
            print(
                f"load ({workers}): {args.load_seconds} s, {args.load_connections} connections on "
                f"{len(paths)} pages, /healthz probed"
                + (f", {EDITOR} saving labs" if args.load_mix == "public" else ""),
                flush=True,
            )
            load = wrk(
                base,
                mix_script,
                seconds=args.load_seconds,
                connections=args.load_connections,
                threads=2,
                path="/",
            )
            probe, own_probe = (
                wrk(url, probe_script, seconds=args.load_seconds, connections=2, threads=1, path="/healthz")
                for url in (base, probe_base)
            )
            editing = threading.Thread(target=editor.work if args.load_mix == "public" else None)
            started = (*machine_cpu(), own_cpu())
            database_before = backends_cpu(url.rsplit("/", 1)[1])
            editing.start()
            load_output, _ = load.communicate()
            probe_output, _ = probe.communicate()
            own_probe_output, _ = own_probe.communicate()
            editor.stop.set()
            editing.join()
            database_s = backends_cpu(url.rsplit("/", 1)[1]) - database_before
        finally:
            for process in (server, probe_server):
                process.terminate()
                process.wait(timeout=60)
        cpu = cpu_shares(started, (*machine_cpu(), own_cpu()), database_s)

    counts = statuses(load_output)
    lost = editor.lost(url)
    summary = {
        "mix_name": args.load_mix,
        "sync_workers": args.load_sync_workers,
        "limits": {name: env.get(name, "default") for name in LIMITS},
        "seconds": args.load_seconds,
        "connections": args.load_connections,
        "pages": paths,
        "mix": {**parse_wrk(load_output), "statuses": counts},
        "mix_5xx": sum(count for status, count in counts.items() if status.startswith("5")),
        "mix_429": counts.get("429", 0),
        "healthz": probe_summary(probe_output),
        "probe_server": probe_summary(own_probe_output),
        "edits": {
            "saved": sum(len(notes) for notes in editor.saved.values()),
            "labs": len(editor.saved),
            "refused": editor.refused[:20],
            "refused_count": len(editor.refused),
            "server_errors": editor.server_errors,
            "lost": lost,
            "save_p50_ms": statistics.median(editor.seconds) * 1000 if editor.seconds else None,
            "save_p99_ms": (percentile(editor.seconds, 0.99) or 0) * 1000,
        },
        "cpu": cpu,
        "load_average": os.getloadavg(),
        "wrk_output": load_output,
        "probe_output": probe_output,
        "probe_server_output": own_probe_output,
    }
    print(report(summary), flush=True)
    return summary


def probe_summary(output: str) -> dict:
    return {**parse_wrk(output), "p50_ms": latency_ms(output, "50"), "p99_ms": latency_ms(output, "99")}


def report(summary: dict) -> str:
    mix, healthz, edits = summary["mix"], summary["healthz"], summary["edits"]
    own = summary["probe_server"]
    others = {status: count for status, count in mix["statuses"].items() if status not in ("200", "429")}
    return "\n".join(
        [
            f"{'sync workers' if summary['sync_workers'] else 'gunicorn.conf.py'}, limits {summary['limits']}",
            f"mix of {len(summary['pages'])} public pages, {summary['connections']} connections, "
            f"{summary['seconds']} s: {mix['requests_per_s']} req/s ({mix['requests']} requests), "
            f"p99 {mix['p99_ms']} ms; 200: {mix['statuses'].get('200', 0)}, 429: {summary['mix_429']}, "
            f"5xx: {summary['mix_5xx']}, others: {others or 'none'}",
            f"/healthz during the run: p50 {healthz['p50_ms']} ms, p99 {healthz['p99_ms']} ms "
            f"({healthz['requests']} requests, errors {healthz['errors']}); on the probe's own server: "
            f"p50 {own['p50_ms']} ms, p99 {own['p99_ms']} ms ({own['requests']} requests, errors {own['errors']})",
            f"CPU of the machine's {os.cpu_count()} cores: {summary['cpu']['machine_busy_pct']}% busy, "
            f"{summary['cpu']['run_pct']}% by the run (server, clients, its database backends), "
            f"{summary['cpu']['others_pct']}% by other work",
            f"editor: {edits['saved']} saves of {edits['labs']} labs (p50 {edits['save_p50_ms'] or 0:.0f} ms, "
            f"p99 {edits['save_p99_ms']:.0f} ms), refused {edits['refused_count']}, server errors "
            f"{edits['server_errors']}, lost {len(edits['lost'])}",
        ]
    )
