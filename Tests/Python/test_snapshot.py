#!/usr/bin/env python3
"""A notebook's view of a real snapshot: every file loaded with pandas and DuckDB, every row
validated against the JSON Schemas under Schemas/, and the types a notebook relies on checked.

    python3 Tests/Python/test_snapshot.py SNAPSHOT_DIR

Run by `make test` (in a virtual environment with pandas, duckdb and jsonschema from PyPI) on a
snapshot of the samples. Exits non-zero, naming the file and line, on the first failure of each
check.
"""

import hashlib
import json
import sys
import unittest
from pathlib import Path

import duckdb
import jsonschema
import pandas as pd

SCHEMAS = Path(__file__).resolve().parents[2] / "Schemas"
RECORDS = {"articles.jsonl": "article", "mentions.jsonl": "mention", "deals.jsonl": "deal",
           "aggregates.jsonl": "aggregate", "changes.jsonl": "change"}
SNAPSHOT = Path()


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


class SnapshotTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.manifest = json.loads((SNAPSHOT / "manifest.json").read_text())

    def test_manifest_matches_its_schema_and_its_files(self):
        validator("manifest").validate(self.manifest)
        listed = {f["path"] for f in self.manifest["files"]}
        self.assertEqual(listed, set(RECORDS) | {"report.md", "report.html"})
        for record in self.manifest["files"]:
            data = (SNAPSHOT / record["path"]).read_bytes()
            self.assertEqual(hashlib.sha256(data).hexdigest(), record["sha256"], record["path"])
            self.assertEqual(data.count(b"\n"), record["rows"], record["path"])

    def test_schema_version_is_the_schemas_and_in_the_changelog(self):
        version = self.manifest["schema_version"]
        for schema in SCHEMAS.glob("*.schema.json"):
            self.assertIn(f"/schemas/{version}/", json.loads(schema.read_text())["$id"], schema.name)
        changelog = (SCHEMAS.parent / "CHANGELOG.md").read_text()
        self.assertIn(f"\n## {version}\n", changelog)

    def test_every_row_matches_its_schema(self):
        for file, name in RECORDS.items():
            check = validator(name)
            with (SNAPSHOT / file).open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, 1):
                    errors = list(check.iter_errors(json.loads(line)))
                    self.assertFalse(errors, f"{file}:{number}: {errors[:1]}")

    def test_pandas_reads_every_file_with_the_types_notebooks_use(self):
        frames = {file: pd.read_json(SNAPSHOT / file, lines=True, dtype=False) for file in RECORDS}
        for file, frame in frames.items():
            rows = next(f["rows"] for f in self.manifest["files"] if f["path"] == file)
            self.assertEqual(len(frame), rows, file)
        articles, deals = frames["articles.jsonl"], frames["deals.jsonl"]
        published = pd.to_datetime(articles["published"], utc=True, format="ISO8601")
        self.assertIsInstance(published.dtype, pd.DatetimeTZDtype)
        self.assertEqual(str(published.dt.tz), "UTC")
        self.assertEqual(published.notna().sum(), articles["published"].notna().sum())
        first_seen = pd.to_datetime(articles["first_seen"], utc=True, format="ISO8601")
        self.assertTrue(first_seen.notna().all())
        for column in ("value_usd", "upfront_usd"):
            values = pd.to_numeric(deals[column], errors="raise")
            self.assertTrue(pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values), column)
            self.assertTrue(((values >= 0) | values.isna()).all(), column)
        self.assertTrue(deals["value_usd"].notna().any())
        announced = pd.to_datetime(deals["announced"], format="%Y-%m-%d")
        self.assertTrue(announced.notna().all())
        self.assertTrue(deals["deal_id"].is_unique)

    def test_mention_offsets_slice_the_text_to_the_surface(self):
        articles = {}
        with (SNAPSHOT / "articles.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                article = json.loads(line)
                articles[article["article_id"]] = article
        count = 0
        with (SNAPSHOT / "mentions.jsonl").open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                mention = json.loads(line)
                text = articles[mention["article_id"]][mention["field"]]
                self.assertEqual(text[mention["start"]:mention["end"]], mention["surface"], f"mentions.jsonl:{number}")
                count += 1
        self.assertGreater(count, 0)

    def test_duckdb_reads_the_files_and_their_nesting(self):
        db = duckdb.connect()
        deals = str(SNAPSHOT / "deals.jsonl")
        rows = db.execute(f"select count(*) from read_json_auto('{deals}')").fetchone()[0]
        self.assertEqual(rows, next(f["rows"] for f in self.manifest["files"] if f["path"] == "deals.jsonl"))
        pairs = db.execute(
            f"select count(*) from (select unnest(parties) as p from read_json_auto('{deals}')) where p.country is not null"
        ).fetchone()[0]
        self.assertGreater(pairs, 0)
        aggregates = str(SNAPSHOT / "aggregates.jsonl")
        total = db.execute(
            f"select sum(deals) from read_json_auto('{aggregates}') where dimension = 'cross_border'").fetchone()[0]
        self.assertEqual(total, rows)
        kinds = db.execute(f"select typeof(value_usd) from read_json_auto('{deals}') limit 1").fetchone()[0]
        self.assertIn(kinds, ("DOUBLE", "BIGINT", "UBIGINT"))


if __name__ == "__main__":
    SNAPSHOT = Path(sys.argv.pop(1)).resolve()
    unittest.main(verbosity=2)
