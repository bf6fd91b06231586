#!/usr/bin/env python3
"""Snapshot benchmark: what nights and reruns cost on a large landscape, in time and disk.

Generates --feeds RSS files of --items articles each (the deal news of extract_benchmark.py,
spread over 36 months), then, for plain and for gzipped snapshots, times with the release
build:
  night 1      every feed new: the whole landscape is parsed, extracted and published;
  night 2      three feeds carry ten new articles each, the others are unchanged;
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
from extract_benchmark import article  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def item(rng: random.Random, number: int, month: int) -> str:
    a = article(rng, number)
    year, month_of_year = 2023 + month // 12, month % 12 + 1
    published = datetime(year, month_of_year, rng.randint(1, 28), rng.randint(0, 23), tzinfo=timezone.utc)
    return (f"<item><title>{escape(a['title'])}</title><link>{a['url']}</link><guid>{a['id']}</guid>"
            f"<pubDate>{format_datetime(published)}</pubDate><description>{escape(a['text'])}</description></item>\n")


def write_feed(path: Path, items: list[str]) -> None:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench</title>'
                    "<link>https://news.example.com/</link><description>generated</description>\n"
                    + "".join(items) + "</channel></rss>\n")


def generate(folder: Path, feeds: int, items: int) -> list[list[str]]:
    rng = random.Random(20261121)
    bodies = []
    for feed in range(feeds):
        bodies.append([item(rng, feed * items + n, rng.randrange(36)) for n in range(items)])
        write_feed(folder / f"feed{feed:04d}.xml", bodies[-1])
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
    print(f"{args.feeds} feeds, {args.feeds * args.items} articles, {corpus / 1e6:.1f} MB of RSS, 36 months")

    rng = random.Random(7)
    night2 = {feed: [item(rng, 10_000_000 + feed * 100 + n, 35) for n in range(10)] for feed in (0, 1, 2)}
    for compress in ("none", "gzip"):
        print(f"output.compress: {compress}")
        pipeline = write_pipeline(folder, args.feeds, compress)
        output = folder / f"out-{compress}"
        for feed in night2:
            write_feed(folder / f"feed{feed:04d}.xml", bodies[feed])
        run(args.binary, pipeline, output, "night 1 (all new)")
        for feed, extra in night2.items():
            write_feed(folder / f"feed{feed:04d}.xml", extra + bodies[feed])
        run(args.binary, pipeline, output, "night 2 (30 new articles)")
        run(args.binary, pipeline, output, "night 3 (no change)")
        run(args.binary, pipeline, output, "--from extract", "--from", "extract")
        run(args.binary, pipeline, output, "--only dedupe,aggregate", "--only", "dedupe,aggregate")
        total = disk(output / "snapshots")
        print(f"  5 snapshots on disk: {total / 1e6:.1f} MB; stage cache: {disk(output / 'cache/stages') / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
