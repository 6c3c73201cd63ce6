"""Whole-database backups that round-trip, audit trail included: `manage.py backup FILE` / `restore FILE`.

Each engine's own tool, rather than `dumpdata`/`loaddata` (which trips over the history tables and is slow
at national scale): SQLite's online backup API (a consistent copy while the site runs), PostgreSQL's
`pg_dump --format=custom` and `pg_restore --clean` (the client programs must be on the PATH). A restore
replaces everything: records, history, staff accounts, sessions.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """A backup or restore that could not be made, with a message for the operator."""


def _settings(alias: str) -> dict:
    return connections[alias].settings_dict


def _pg_environment(settings: dict) -> tuple[list[str], dict[str, str]]:
    arguments = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed: {error}") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's online backup: every page of `source` into `target`, consistent even while others write."""
    source.backup(target)


def backup(path: Path, *, alias: str = "default") -> None:
    """Write the whole database `alias` to `path`."""
    connection = connections[alias]
    settings = _settings(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        path.unlink(missing_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            _sqlite_copy(connection.connection, target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        arguments, environment = _pg_environment(settings)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *arguments], environment)
    else:
        raise BackupError(f"No backup for the {connection.vendor} engine.")


def restore(path: Path, *, alias: str = "default") -> None:
    """Replace the whole database `alias` with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    connection = connections[alias]
    settings = _settings(alias)
    if connection.vendor == "sqlite":
        with path.open("rb") as header:
            if not header.read(16).startswith(b"SQLite format 3"):
                raise BackupError(f"{path} is not an SQLite backup.")
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            _sqlite_copy(source, connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore replaces the tables: no session of ours may hold a lock on them
        arguments, environment = _pg_environment(settings)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *arguments,
                str(path),
            ],
            environment,
        )
    else:
        raise BackupError(f"No restore for the {connection.vendor} engine.")
