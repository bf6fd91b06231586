"""What the fault trials check of an output folder's state databases."""
import sqlite3
from pathlib import Path


def damaged_databases(output: Path):
    """(file name, SQLite's verdict) for each state database that fails `PRAGMA integrity_check`."""
    damaged = []
    for database in sorted((output / "state").glob("*.sqlite")):
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()  # an open connection would keep the test's tmpfs busy
        if result != "ok":
            damaged.append((database.name, result))
    return damaged
