"""What the fault trials check of an output folder's state databases."""
import shutil
import sqlite3
import tempfile
from pathlib import Path


def damaged_databases(output: Path):
    """(file name, SQLite's verdict) for each state database that fails `PRAGMA integrity_check`.

    A run killed in the middle of a write leaves a hot journal (or a WAL) that the next
    connection rolls back; a read-only connection cannot, and SQLite then refuses to read
    ("attempt to write a readonly database"). So the check works on a copy of the database and
    its journal files, where the recovery the next run would make happens first, and the
    output folder stays as the kill left it."""
    damaged = []
    for database in sorted((output / "state").glob("*.sqlite")):
        with tempfile.TemporaryDirectory(prefix="landscape-state-check-") as scratch:
            copy = Path(scratch) / database.name
            for suffix in ["", "-journal", "-wal", "-shm"]:
                source = database.with_name(database.name + suffix)
                if source.exists():
                    shutil.copyfile(source, copy.with_name(copy.name + suffix))
            connection = sqlite3.connect(copy)
            try:
                result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                connection.close()  # an open connection would keep the test's tmpfs busy
        if result != "ok":
            damaged.append((database.name, result))
    return damaged
