#!/usr/bin/env python3
"""Backfill benchmark: landscape over gigabytes of WARC files of news pages, beside warcio.

Writes (once, then reuses) gzipped WARC files of generated news pages with realistic
boilerplate (menus, inline state scripts, comment threads; about 45 KB of HTML a page), a tenth
of them about biotech deals, to at least --gb gigabytes. Then times, with peak memory:
  - landscape run over all files, --jobs 1 pinned to one CPU, and --jobs 2;
  - the same as 4 local shards (two at a time, --jobs 1 each) plus `landscape merge`;
  - the peer: warcio iterating every record of the files (no page reading at all), and
    warcio + trafilatura extracting the text of the first --peer-pages pages.
Prints pages per second, MB/s and the share of pages the relevance filter passed.

    python3 Benchmarks/backfill_benchmark.py --binary .build/release/landscape [--gb 2]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = "2025-06-01T00:00:00Z"
PAGES_PER_FILE = 20000


def measured(command, env=None):
    """Runs a command; returns (seconds, peak RSS in MB, stdout)."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    out = process.stdout.read().decode()
    err = process.stderr.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed ({process.returncode}):\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, out


def generate(folder: Path, gigabytes: float, python: str) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(folder.glob("news-*.warc.gz"))
    total = sum(p.stat().st_size for p in files)
    number = len(files)
    jobs = []
    while total < gigabytes * 1e9:
        batch = []
        for _ in range(2):  # two writers at once
            batch.append(subprocess.Popen(
                [python, str(ROOT / "Tests/Backfill/warc_corpus.py"), "--out", str(folder), "--files", "1",
                 "--first", str(number), "--pages", str(PAGES_PER_FILE), "--writer", "fast", "--page-kb", "40",
                 "--deal-share", "0.1", "--gzip-level", "1", "--seed", "11"], stdout=subprocess.DEVNULL))
            number += 1
        for process in batch:
            if process.wait() != 0:
                raise SystemExit("warc_corpus.py failed")
        files = sorted(folder.glob("news-*.warc.gz"))
        total = sum(p.stat().st_size for p in files)
        print(f"  generated {len(files)} files, {total / 1e9:.2f} GB", file=sys.stderr)
    return files


def source_flags(files) -> list:
    """`--source FILE` for each file."""
    return [flag for path in files for flag in ("--source", str(path))]


def parse_counts(snapshot: Path) -> dict:
    manifest = json.loads((snapshot / "manifest.json").read_text())
    return next(s["counts"] for s in manifest["stages"] if s["name"] == "parse")


def landscape_run(binary, files, output: Path, jobs: int, pin: bool, extra=()):
    shutil.rmtree(output, ignore_errors=True)
    command = ([] if not pin else ["taskset", "-c", "0"]) + [
        binary, "run", "--output", str(output), "--jobs", str(jobs), "--now", NOW, *extra, *source_flags(files)]
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    return measured(command, env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--gb", type=float, default=2.0)
    parser.add_argument("--folder", default=str(ROOT / ".build/bench-backfill"))
    parser.add_argument("--python", default=sys.executable, help="a Python with warcio and trafilatura")
    parser.add_argument("--peer-pages", type=int, default=1000)
    args = parser.parse_args()
    binary = str(Path(args.binary).resolve())
    folder = Path(args.folder)
    files = generate(folder / "warc", args.gb, args.python)
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    pages = PAGES_PER_FILE * len(files)
    print(f"corpus: {len(files)} WARC files, {size_mb / 1000:.2f} GB gzipped, {pages} HTML pages "
          f"(10% about deals), {os.cpu_count()} CPUs")
    rows = []

    def row(label, seconds, rss, note=""):
        rows.append((label, seconds, rss, note))
        print(f"  {label:42} {seconds:8.1f} s {pages / seconds:9.0f} pages/s {size_mb / seconds:7.1f} MB/s "
              f"{rss:7.0f} MB peak  {note}", flush=True)

    output = folder / "out"
    seconds, rss, _ = landscape_run(binary, files, output / "one", 1, pin=True)
    counts = parse_counts(output / "one/snapshots/latest")
    passed = counts.get("warc_pages", 0)
    share = passed / max(1, passed + counts.get("warc_prefiltered", 0))
    row("landscape run --jobs 1 (one CPU)", seconds, rss, f"prefilter passed {share:.1%} of pages")
    seconds, rss, _ = landscape_run(binary, files, output / "two", 2, pin=False)
    row("landscape run --jobs 2", seconds, rss)

    shards = output / "shards"
    shutil.rmtree(shards, ignore_errors=True)
    started = time.monotonic()
    peak = 0.0
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    for first in (0, 2):
        running = [subprocess.Popen(
            [binary, "run", "--output", str(shards), "--jobs", "1", "--now", NOW, "--shard", f"{k}/4",
             *source_flags(files)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            for k in (first, first + 1)]
        for process in running:
            _, status, usage = os.wait4(process.pid, 0)
            peak = max(peak, usage.ru_maxrss / 1024)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit("a shard failed")
    merge_seconds, merge_rss, _ = measured(
        [binary, "merge", str(shards), "--output", str(output / "merged"), "--now", NOW], env)
    total = time.monotonic() - started
    row("4 shards (2 at a time) + merge", total, max(peak, merge_rss), f"merge {merge_seconds:.1f} s")
    same = all((output / "two/snapshots/latest" / name).read_bytes()
               == (output / "merged/snapshots/latest" / name).read_bytes() for name in ["deals.jsonl"])
    print(f"  merged deals.jsonl identical to the single run's: {same}")

    # The peer: warcio alone over every record, and with trafilatura on the first pages.
    peer = (
        "import sys, time\n"
        "from warcio.archiveiterator import ArchiveIterator\n"
        "n = 0\n"
        "for path in sys.argv[1:]:\n"
        "    with open(path, 'rb') as f:\n"
        "        for record in ArchiveIterator(f):\n"
        "            if record.rec_type == 'response':\n"
        "                record.content_stream().read(); n += 1\n"
        "print(n)\n")
    seconds, rss, out = measured(["taskset", "-c", "0", args.python, "-c", peer, *map(str, files)])
    row("peer: warcio, records only (one CPU)", seconds, rss, f"{out.strip()} responses, no page read")
    peer_pages = (
        "import sys, trafilatura\n"
        "from warcio.archiveiterator import ArchiveIterator\n"
        "limit = int(sys.argv[1]); n = 0\n"
        "with open(sys.argv[2], 'rb') as f:\n"
        "    for record in ArchiveIterator(f):\n"
        "        if record.rec_type == 'response' and 'html' in (record.http_headers.get_header('Content-Type') or ''):\n"
        "            trafilatura.extract(record.content_stream().read()); n += 1\n"
        "            if n == limit: break\n")
    seconds, rss, _ = measured(["taskset", "-c", "0", args.python, "-c", peer_pages, str(args.peer_pages),
                                str(files[0])])
    print(f"  {'peer: warcio + trafilatura (one CPU)':42} {seconds:8.1f} s {args.peer_pages / seconds:9.0f} pages/s "
          f"{rss:16.0f} MB peak  first {args.peer_pages} pages only")


if __name__ == "__main__":
    main()
