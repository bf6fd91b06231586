#!/usr/bin/env python3
"""Snapshot benchmark: what nights and reruns cost on a large landscape, in time and disk.

Generates --feeds RSS files of --items articles each (the deal and market news of
dedupe_benchmark.py over three years, 5% of them syndicated copies), then, for plain and for
gzipped snapshots, times with the release build:
  night 1      a backfill: every feed holds three years, all parsed, extracted and published;
  night 2      feeds hold their last two months (as real feeds do), three of them ten new
               articles each;
  night 3      nothing changed;
  --from extract             as after a gazetteer edit: no fetch or parse, extract onward;
  --only dedupe,aggregate    as after a dedupe setting changed, on night 3's snapshot.
For each it prints the wall time, each stage's status and seconds from the manifest, how many
files were shared with the parent, and the disk the new snapshot added (du counts a hard-linked
file once).

    python3 Benchmarks/snapshot_benchmark.py --binary .build/release/landscape
"""

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedupe_benchmark import Writer, load_organisations  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def item(record: dict) -> str:
    year, month, day = (int(part) for part in record["published"].split("-"))
    published = datetime(year, month, day, 9, tzinfo=timezone.utc)
    return (f"<item><title>{escape(record['title'])}</title><link>{escape(record['url'])}</link>"
            f"<guid>{record['id']}</guid><pubDate>{format_datetime(published)}</pubDate>"
            f"<description>{escape(record['text'])}</description></item>\n")


def articles(count: int, seed: int, first: int):
    """Articles as dedupe_benchmark.py writes them, with 5% syndicated copies of recent ones."""
    organisations, places = load_organisations()
    rng = random.Random(seed)
    writer = Writer(rng, organisations, places)
    recent = []
    for number in range(first, first + count):
        if recent and rng.random() < 0.05:
            yield writer.copy(number, rng.choice(recent))
        else:
            record = writer.article(number)
            recent = (recent + [record])[-2000:]
            yield record


def write_feed(path: Path, items: list[str]) -> None:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench</title>'
                    "<link>https://news.example.com/</link><description>generated</description>\n"
                    + "".join(items) + "</channel></rss>\n")


def generate(folder: Path, feeds: int, items: int) -> list[list[tuple[str, str]]]:
    """Each feed's (published, item) pairs, written as a feed holding all of them."""
    stream = articles(feeds * items, 20261121, 0)
    bodies = []
    for feed in range(feeds):
        records = [next(stream) for _ in range(items)]
        bodies.append([(record["published"], item(record)) for record in records])
        write_feed(folder / f"feed{feed:04d}.xml", [text for _, text in bodies[-1]])
    return bodies


def write_pipeline(folder: Path, feeds: int, compress: str) -> Path:
    lines = [f"name: bench-{compress}", "sources:"]
    lines += [f"  - id: feed{n:04d}\n    url: {folder / f'feed{n:04d}.xml'}" for n in range(feeds)]
    lines += ["extract:", f"  gazetteer: {ROOT / 'Pipelines/gazetteer.jsonl'}",
              f"  places: {ROOT / 'Pipelines/places.jsonl'}", "output:", f"  compress: {compress}"]
    path = folder / f"pipeline-{compress}.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


def disk(path: Path) -> int:
    return int(subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True).stdout.split()[0])


def run(binary: str, pipeline: Path, output: Path, label: str, *flags: str) -> None:
    before = disk(output / "snapshots") if (output / "snapshots").exists() else 0
    start = time.perf_counter()
    result = subprocess.run([binary, "run", str(pipeline), "--output", str(output), *flags],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{label}: exit {result.returncode}\n{result.stderr[-2000:]}")
    manifest = json.loads((output / "snapshots/latest/manifest.json").read_text())
    stages = "  ".join(f"{s['name']} {s['status']} {s['seconds']:.2f}" for s in manifest["stages"])
    shared = next(line for line in result.stdout.splitlines() if line.startswith("snapshot:"))
    shared = shared.split("(")[-1].split(" files")[0]
    added = disk(output / "snapshots") - before
    files = len(manifest["files"])
    print(f"  {label:<26} {elapsed:6.2f} s  +{added / 1e6:7.2f} MB  {shared}/{files} files shared  | {stages}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/landscape")
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--folder", default="/tmp/landscape-snapshot-bench")
    args = parser.parse_args()
    folder = Path(args.folder)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    bodies = generate(folder, args.feeds, args.items)
    corpus = sum(p.stat().st_size for p in folder.glob("feed*.xml"))
    print(f"{args.feeds} feeds, {args.feeds * args.items} articles, {corpus / 1e6:.1f} MB of RSS, three years")

    fresh = [dict(record, published="2026-12-15") for record in articles(30, 7, 10_000_000)]
    night2 = {feed: [item(record) for record in fresh[feed * 10:feed * 10 + 10]] for feed in (0, 1, 2)}
    for compress in ("none", "gzip"):
        print(f"output.compress: {compress}")
        pipeline = write_pipeline(folder, args.feeds, compress)
        output = folder / f"out-{compress}"
        for feed, body in enumerate(bodies):
            write_feed(folder / f"feed{feed:04d}.xml", [text for _, text in body])
        run(args.binary, pipeline, output, "night 1 (backfill)")
        # From now on each feed carries what a real one does: its items of the last two months,
        # and three feeds ten new ones each.
        for feed, body in enumerate(bodies):
            recent = [text for published, text in body if published >= "2026-11"]
            write_feed(folder / f"feed{feed:04d}.xml", night2.get(feed, []) + recent)
        run(args.binary, pipeline, output, "night 2 (30 new articles)")
        run(args.binary, pipeline, output, "night 3 (no change)")
        run(args.binary, pipeline, output, "--from extract", "--from", "extract")
        run(args.binary, pipeline, output, "--only dedupe,aggregate", "--only", "dedupe,aggregate")
        total = disk(output / "snapshots")
        print(f"  5 snapshots on disk: {total / 1e6:.1f} MB; stage cache: {disk(output / 'cache/stages') / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
