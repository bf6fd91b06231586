#!/usr/bin/env python3
"""Fifty SIGKILLs at random moments of nightly runs of realistic size.

Generates a landscape of feeds (file sources: no network, so the timing is the program's own),
publishes a first night, then fifty times: adds a night's new items, starts a run, kills it
with SIGKILL at a random moment within the time a whole night takes on this build, and checks
what a reader would find: only whole snapshots listed (`snapshots verify --all`: every manifest
file present with its digest and row count), `latest` on one of them, the state database
passing SQLite's integrity check, no staging folder taken for a snapshot; then a night run to
its end must publish, and hold every article any earlier snapshot published (a kill may leave
the article-month indexes and stage caches half made: the next night must not lose an article
through them). The kill moments scale with the measured night, so a slow or sanitizer
build is killed mid-run as often as a fast one; the trial fails if fewer than `--min-killed`
runs died before their end. Prints the figures and exits 1 on any failed check.

Usage: crash_trial.py --binary .build/release/landscape [--kills 50] [--seed 7]
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from state_checks import damaged_databases
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
FEEDS = 40
ITEMS_PER_FEED = 60
VERBS = [
    "{a} licenses {m} to {b} in a deal worth ${v} million",
    "{a} agrees to acquire {b} for ${v} million",
    "{a} and {b} sign a co-development pact for {m}",
    "{a} picks {b} as manufacturing partner for {m}",
    "{a} invests ${v} million in {b}",
    "{a} signs distribution agreement with {b} across Southeast Asia",
]
MODALITIES = ["an ADC", "a CAR-T therapy", "a gene therapy", "a bispecific antibody", "an AI diagnostic", "a biosimilar"]


def companies():
    names = []
    for line in (ROOT / "Pipelines" / "gazetteer.jsonl").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            entry = json.loads(line)
            if entry.get("kind") == "company":
                names.append(entry["name"])
    return names


def make_item(rng, names, feed, number):
    a, b = rng.sample(names, 2)
    headline = rng.choice(VERBS).format(a=a, b=b, m=rng.choice(MODALITIES), v=rng.randint(5, 900))
    body = (f"{headline}. The companies said the agreement covers development in Asia-Pacific markets. "
            f"{a} will receive payments tied to milestones, and {b} gains rights in several countries. "
            "Analysts said the partnership reflects growing regional demand.")
    day = 1 + number % 28
    return (f"<item><title>{escape(headline)}</title><link>https://news.example.org/{feed}/{number}</link>"
            f"<pubDate>Mon, {day:02d} Sep 2025 08:00:00 +0000</pubDate>"
            f"<description>{escape(body)}</description></item>")


def write_feed(path, items):
    path.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>'
                    f"{path.stem}</title><link>https://news.example.org/</link>" + "".join(items) + "</channel></rss>")


def check(binary, output, label, problems, verified):
    """Checks the output as a reader finds it; `verified` holds the snapshots already found
    whole (a published snapshot is never written again, so each is read once, and `--all` at
    the end reads them all)."""
    def expect(condition, message):
        if not condition:
            problems.append(f"{label}: {message}")

    snapshots = output / "snapshots"
    listed = sorted(p.name for p in snapshots.iterdir() if p.is_dir() and not p.is_symlink() and p.name[0].isdigit())
    for snapshot in (listed if verified is None else [s for s in listed if s not in verified]):
        verify = subprocess.run([binary, "snapshots", "verify", snapshot, "--output", str(output)],
                                capture_output=True, text=True, errors="replace")
        expect(verify.returncode == 0, f"snapshots verify {snapshot} exits {verify.returncode}: {verify.stdout[-300:]}")
        if verified is not None and verify.returncode == 0:
            verified.add(snapshot)
    latest = snapshots / "latest"
    expect(latest.is_symlink() and os.readlink(latest) in listed, "latest does not point to a listed snapshot")
    listing = subprocess.run([binary, "snapshots", "list", "--output", str(output)], capture_output=True, text=True)
    expect(listing.returncode == 0 and all(name in listing.stdout for name in listed),
           "snapshots list does not show every published snapshot")
    for name, verdict in damaged_databases(output):
        expect(False, f"{name}: integrity check says {verdict}")
    return listed


def published_articles(output):
    """The ids of the articles `latest` holds, read through its manifest."""
    snapshot = output / "snapshots" / "latest"
    manifest = json.loads((snapshot / "manifest.json").read_text())
    ids = set()
    for entry in manifest["files"]:
        if entry["path"].startswith("articles/"):
            for line in (snapshot / entry["path"]).read_text().splitlines():
                if line.strip():
                    ids.add(json.loads(line)["article_id"])
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "landscape"))
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--min-killed", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    binary = str(Path(args.binary).resolve())
    rng = random.Random(args.seed)
    names = companies()

    work = Path(tempfile.mkdtemp(prefix="landscape-crash-", dir=os.environ.get("TMPDIR")))
    feeds = work / "feeds"
    feeds.mkdir()
    items = {f"feed-{n:02d}": [make_item(rng, names, n, i) for i in range(ITEMS_PER_FEED)] for n in range(FEEDS)}
    next_number = ITEMS_PER_FEED
    for feed, feed_items in items.items():
        write_feed(feeds / f"{feed}.xml", feed_items)
    pipeline = work / "crash.yml"
    pipeline.write_text(
        "name: crash\nsources:\n" + "".join(f"  - id: {feed}\n    url: feeds/{feed}.xml\n" for feed in items)
        + f"pages:\n  follow: false\nextract:\n  gazetteer: {ROOT}/Pipelines/gazetteer.jsonl\n"
        f"  places: {ROOT}/Pipelines/places.jsonl\n")
    output = work / "out"
    command = [binary, "run", str(pipeline), "--output", str(output)]

    def new_night():
        """Adds a few items to a few feeds, as a night's news would."""
        nonlocal next_number
        for feed in rng.sample(sorted(items), 4):
            for _ in range(3):
                items[feed].append(make_item(rng, names, int(feed[-2:]), next_number))
                next_number += 1
            write_feed(feeds / f"{feed}.xml", items[feed][-ITEMS_PER_FEED:])

    def night():
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, errors="replace")
        return result, time.monotonic() - started

    first, first_seconds = night()
    if first.returncode != 0:
        sys.exit(f"crash_trial: the first night failed ({first.returncode}): {first.stderr[-500:]}")
    new_night()
    calibration, night_seconds = night()
    if calibration.returncode != 0:
        sys.exit(f"crash_trial: the second night failed ({calibration.returncode}): {calibration.stderr[-500:]}")
    print(f"{FEEDS} feeds, {FEEDS * ITEMS_PER_FEED} items: first night {first_seconds:.1f} s, "
          f"a night with 12 new items {night_seconds:.1f} s; killing within 0..{night_seconds:.1f} s")

    problems = []
    killed_before_end = 0
    verified = set()
    published_before = len(check(binary, output, "before the trial", problems, verified))
    known_articles = published_articles(output)
    started_trial = time.monotonic()
    for kill in range(1, args.kills + 1):
        new_night()
        delay = rng.uniform(0.0, night_seconds)
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        if child.returncode == -signal.SIGKILL:
            killed_before_end += 1
        check(binary, output, f"after kill {kill} at {delay:.2f} s", problems, verified)
        after, _ = night()
        if after.returncode != 0:
            problems.append(f"the night after kill {kill} exits {after.returncode}: {after.stderr[-300:]}")
        else:
            held = published_articles(output)
            lost = known_articles - held
            if lost:
                problems.append(f"the night after kill {kill} lost {len(lost)} published articles: {sorted(lost)[:3]}")
            if len(held) < len(known_articles) + 12:
                problems.append(f"the night after kill {kill} holds {len(held)} articles, expected at least "
                                f"{len(known_articles) + 12}")
            known_articles = held
        check(binary, output, f"after the night that followed kill {kill}", problems, verified)
    published = len(check(binary, output, "at the end (verify every snapshot)", problems, None))
    leftovers = [str(p.relative_to(output)) for p in (output / "snapshots").iterdir() if p.name.startswith(".")]
    if leftovers:
        problems.append(f"hidden folders left in snapshots/ after a whole night: {leftovers}")
    print(f"{args.kills} kills in {time.monotonic() - started_trial:.0f} s: {killed_before_end} runs died before "
          f"their end, {args.kills - killed_before_end} had finished; snapshots {published_before} -> {published}, "
          f"{len(known_articles)} articles, none lost")
    if killed_before_end < args.min_killed:
        problems.append(f"only {killed_before_end} runs were killed before their end (at least {args.min_killed})")
    for problem in problems[:20]:
        print(f"  FAIL {problem}")
    if problems:
        print(f"{len(problems)} check(s) failed; the output is kept in {output}")
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)
    print("every kill left only whole snapshots, latest on one, a sound state database, and the next night published")


if __name__ == "__main__":
    main()
