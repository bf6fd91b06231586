#!/usr/bin/env python3
"""A notebook's view of a real snapshot: every file loaded with pandas and DuckDB, every row
validated against the JSON Schemas under Schemas/, and the types a notebook relies on checked.

    python3 Tests/Python/test_snapshot.py SNAPSHOT_DIR

Run by `make test` (in a virtual environment with pandas, duckdb and jsonschema from PyPI) on a
snapshot of the samples. Exits non-zero, naming the file and line, on the first failure of each
check.
"""

import gzip
import hashlib
import json
import re
import sys
import unittest
from pathlib import Path

import duckdb
import jsonschema
import networkx as nx
import pandas as pd

SCHEMAS = Path(__file__).resolve().parents[2] / "Schemas"
# The record sets and their schemas, as the Swift side's RecordSet states them.
RECORD_SETS = json.loads((SCHEMAS / "record-sets.json").read_text())
RECORDS = {name: entry["schema"] for name, entry in RECORD_SETS.items()}
PARTITIONED = {name for name, entry in RECORD_SETS.items() if entry["partitioned_by"] == "month"}
SNAPSHOT = Path()


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def record_set(path: str):
    """The record set a snapshot file belongs to: articles/2025-05.jsonl.gz -> articles,
    network/edges.jsonl -> network/edges."""
    for suffix in (".jsonl", ".jsonl.gz"):
        if path.endswith(suffix):
            stem = path[: -len(suffix)]
            if stem in RECORD_SETS:
                return stem
            first = stem.split("/", 1)[0]
            return first if first in PARTITIONED else None
    return None


def plain_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


class SnapshotTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.manifest = json.loads((SNAPSHOT / "manifest.json").read_text())
        cls.files = {name: [f["path"] for f in cls.manifest["files"] if record_set(f["path"]) == name]
                     for name in RECORDS}

    def lines(self, name):
        """(file, line number, record) for every record of a set, across its files."""
        for path in self.files[name]:
            for number, line in enumerate(plain_bytes(SNAPSHOT / path).decode("utf-8").splitlines(), 1):
                yield path, number, json.loads(line)

    def frame(self, name):
        """A record set as one pandas frame: the files concatenated, gzip read by pandas itself."""
        return pd.concat([pd.read_json(SNAPSHOT / p, lines=True, dtype=False) for p in self.files[name]],
                         ignore_index=True)

    def test_manifest_matches_its_schema_and_its_files(self):
        validator("manifest").validate(self.manifest)
        listed = {f["path"] for f in self.manifest["files"]}
        self.assertEqual({record_set(p) for p in listed} - {None}, set(RECORDS))
        others = {p for p in listed if record_set(p) is None}
        pages = {p for p in others if re.fullmatch(r"report/deals-(\d{4}-Q[1-4]|undated)\.(html|md)", p)}
        self.assertTrue(pages, "the reports' pages of deals by quarter")
        self.assertEqual(others - pages, {"report.md", "report.html", "network/partnerships.graphml"})
        on_disk = {str(p.relative_to(SNAPSHOT)) for p in SNAPSHOT.rglob("*") if p.is_file()} - {"manifest.json"}
        self.assertEqual(on_disk, listed)
        for record in self.manifest["files"]:
            path = SNAPSHOT / record["path"]
            self.assertEqual(hashlib.sha256(path.read_bytes()).hexdigest(), record["sha256"], record["path"])
            self.assertEqual(plain_bytes(path).count(b"\n"), record["rows"], record["path"])

    def test_large_sets_are_split_by_month(self):
        for name in PARTITIONED:
            self.assertGreater(len(self.files[name]), 1, name)
            for path in self.files[name]:
                self.assertRegex(path, rf"^{name}/\d{{4}}-\d{{2}}\.jsonl(\.gz)?$")
        month_of = {}
        for path, number, article in self.lines("articles"):
            month = path.split("/")[1][:7]
            self.assertTrue((article["published"] or article["first_seen"]).startswith(month), f"{path}:{number}")
            month_of[article["article_id"]] = month
        for path, number, mention in self.lines("mentions"):
            self.assertEqual(path.split("/")[1][:7], month_of[mention["article_id"]], f"{path}:{number}")

    def test_schema_version_is_the_schemas_and_in_the_changelog(self):
        version = self.manifest["schema_version"]
        for schema in SCHEMAS.glob("*.schema.json"):
            self.assertIn(f"/schemas/{version}/", json.loads(schema.read_text())["$id"], schema.name)
        changelog = (SCHEMAS.parent / "CHANGELOG.md").read_text()
        self.assertIn(f"\n## {version}\n", changelog)

    def test_every_row_matches_its_schema(self):
        for name, schema in RECORDS.items():
            check = validator(schema)
            for path, number, record in self.lines(name):
                errors = list(check.iter_errors(record))
                self.assertFalse(errors, f"{path}:{number}: {errors[:1]}")

    def test_pandas_reads_every_file_with_the_types_notebooks_use(self):
        frames = {name: self.frame(name) for name in RECORDS}
        for name, frame in frames.items():
            rows = sum(f["rows"] for f in self.manifest["files"] if record_set(f["path"]) == name)
            self.assertEqual(len(frame), rows, name)
        articles, deals = frames["articles"], frames["deals"]
        published = pd.to_datetime(articles["published"], utc=True, format="ISO8601")
        self.assertIsInstance(published.dtype, pd.DatetimeTZDtype)
        self.assertEqual(str(published.dt.tz), "UTC")
        self.assertEqual(published.notna().sum(), articles["published"].notna().sum())
        first_seen = pd.to_datetime(articles["first_seen"], utc=True, format="ISO8601")
        self.assertTrue(first_seen.notna().all())
        last_seen = pd.to_datetime(articles["last_seen"], utc=True, format="ISO8601")
        self.assertTrue((last_seen >= first_seen).all())
        for column in ("value_usd", "upfront_usd"):
            values = pd.to_numeric(deals[column], errors="raise")
            self.assertTrue(pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values), column)
            self.assertTrue(((values >= 0) | values.isna()).all(), column)
        self.assertTrue(deals["value_usd"].notna().any())
        announced = pd.to_datetime(deals["announced"], format="%Y-%m-%d")
        self.assertTrue(announced.notna().all())
        self.assertTrue(deals["deal_id"].is_unique)

    def test_roles_flows_and_money_read_as_notebooks_read_them(self):
        deals = self.frame("deals")
        parties = deals.explode("parties")["parties"].apply(pd.Series)
        roles = set(parties["role"].dropna())
        self.assertTrue(roles & {"licensor", "licensee", "acquirer", "target"}, roles)
        aggregates = self.frame("aggregates")
        flows = aggregates[aggregates["dimension"] == "flow"]
        self.assertGreater(len(flows), 0)
        self.assertTrue(flows["key"].str.fullmatch(r"[A-Z]{2}->[A-Z]{2}").all())
        # Every flow row is backed by a deal whose licensor or target is in the first country and
        # whose licensee or acquirer is in the second.
        for key in flows["key"]:
            source, sink = key.split("->")
            backed = any(
                any(p["role"] in ("licensor", "target") and p["country"] == source for p in d)
                and any(p["role"] in ("licensee", "acquirer") and p["country"] == sink for p in d)
                for d in deals["parties"])
            self.assertTrue(backed, key)
        quarters = aggregates[aggregates["dimension"] == "quarter"]
        self.assertTrue(quarters["key"].str.fullmatch(r"\d{4}-Q[1-4]").all())
        # value_usd is at least the upfront wherever both are given.
        both = deals.dropna(subset=["value_usd", "upfront_usd"])
        self.assertTrue((both["value_usd"] >= both["upfront_usd"]).all())
        originals = deals["value_original"].dropna()
        self.assertGreater(len(originals), 0)
        self.assertTrue(all(o["currency"] != "USD" and o["amount"] > 0 for o in originals))

    def test_mention_offsets_slice_the_text_to_the_surface(self):
        articles = {article["article_id"]: article for _, _, article in self.lines("articles")}
        count = 0
        for path, number, mention in self.lines("mentions"):
            text = articles[mention["article_id"]][mention["field"]]
            self.assertEqual(text[mention["start"]:mention["end"]], mention["surface"], f"{path}:{number}")
            count += 1
        self.assertGreater(count, 0)

    def test_flags_and_policy_aggregates_agree_with_the_deals(self):
        deals = self.frame("deals")
        counted = deals[deals["status"].isin(["announced", "completed"])]
        aggregates = self.frame("aggregates")
        flag_rows = aggregates[aggregates["dimension"] == "flag"].set_index("key")["deals"].to_dict()
        flagged = counted.explode("flags")["flags"].dropna().value_counts().to_dict()
        self.assertEqual(flag_rows, flagged)
        self.assertIn("us_china", flagged)
        china = {"CN", "HK", "MO"}
        for _, deal in counted.iterrows():
            if "us_china" in deal["flags"]:
                self.assertTrue("US" in deal["countries"] and china & set(deal["countries"]), deal["deal_id"])
        # Each quarter's fragmentation shares are of that quarter's deals.
        fragmentation = aggregates[aggregates["dimension"] == "fragmentation"]
        self.assertGreater(len(fragmentation), 0)
        quarters = fragmentation["key"].str.split(" ").str[0]
        for quarter, rows in fragmentation.groupby(quarters):
            total = rows[rows["key"] == f"{quarter} all"]["deals"].iloc[0]
            in_quarter = counted["announced"].astype(str).map(
                lambda day: f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}" if day[:4].isdigit() else None)
            self.assertEqual(total, (in_quarter == quarter).sum(), quarter)
            for _, row in rows.iterrows():
                self.assertAlmostEqual(row["share"], row["deals"] / total, places=3)

    def test_the_network_reads_in_networkx_as_in_the_edge_file(self):
        graph = nx.read_graphml(SNAPSHOT / "network" / "partnerships.graphml")
        edges = [edge for _, _, edge in self.lines("network/edges")]
        self.assertGreater(len(edges), 0)
        self.assertEqual(graph.number_of_edges(), len(edges))
        for edge in edges:
            self.assertEqual(graph.edges[edge["source"], edge["target"]]["deals"], edge["deals"])
            self.assertEqual(graph.nodes[edge["source"]]["name"], edge["source_name"])
            self.assertEqual(edge["cross_bloc"], edge["source_bloc"] != edge["target_bloc"])
        # Every deal that happened between two named parties is an edge of the graph.
        for _, _, deal in self.lines("deals"):
            named = [p["entity_id"] for p in deal["parties"] if p["name"] is not None]
            if deal["status"] in ("announced", "completed") and len(set(named)) >= 2:
                self.assertTrue(graph.has_edge(named[0], named[1]), deal["deal_id"])
        degrees = dict(graph.degree())
        for node, data in graph.nodes(data=True):
            self.assertEqual(data["partners"], degrees[node], node)

    def test_duckdb_reads_the_files_and_their_nesting(self):
        db = duckdb.connect()
        deals = str(SNAPSHOT / self.files["deals"][0])
        rows = db.execute(f"select count(*) from read_json_auto('{deals}')").fetchone()[0]
        self.assertEqual(rows, sum(f["rows"] for f in self.manifest["files"] if record_set(f["path"]) == "deals"))
        pairs = db.execute(
            f"select count(*) from (select unnest(parties) as p from read_json_auto('{deals}')) where p.country is not null"
        ).fetchone()[0]
        self.assertGreater(pairs, 0)
        aggregates = str(SNAPSHOT / self.files["aggregates"][0])
        # Figures count announced and completed deals; status rows count every deal.
        counted = db.execute(
            f"select count(*) from read_json_auto('{deals}') where status in ('announced', 'completed')").fetchone()[0]
        total = db.execute(
            f"select sum(deals) from read_json_auto('{aggregates}') where dimension = 'cross_border'").fetchone()[0]
        self.assertEqual(total, counted)
        statuses = db.execute(
            f"select sum(deals) from read_json_auto('{aggregates}') where dimension = 'status'").fetchone()[0]
        self.assertEqual(statuses, rows)
        kinds = db.execute(f"select typeof(value_usd) from read_json_auto('{deals}') limit 1").fetchone()[0]
        self.assertIn(kinds, ("DOUBLE", "BIGINT", "UBIGINT"))
        # All months of articles in one query, through a glob.
        glob = str(SNAPSHOT / "articles" / "*.jsonl*")
        articles = db.execute(f"select count(*) from read_json_auto('{glob}')").fetchone()[0]
        self.assertEqual(articles, sum(f["rows"] for f in self.manifest["files"] if record_set(f["path"]) == "articles"))


if __name__ == "__main__":
    SNAPSHOT = Path(sys.argv.pop(1)).resolve()
    unittest.main(verbosity=2)
