#!/usr/bin/env python3
"""Article benchmark: `landscape article` against trafilatura on real news pages.

Reads the pages of ../shared/article-corpus (gzipped HTML with hand-marked body text), runs
`landscape article --jobs 1` pinned to one CPU and trafilatura (installed from PyPI into
.build/bench-venv when missing) in the same run on the same CPU, scores both with
../shared/tools/score_text.py, and prints F1, precision, recall, pages per second and peak
memory side by side.

    python3 Benchmarks/article_benchmark.py --binary .build/release/landscape [--part tune|check]

--part picks half the pages (tune: every page but each third, check: each third, by sorted key)
so rules can be tuned on one part and checked on the other.
"""

import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "article-corpus"
SCORER = ROOT.parent / "shared" / "tools" / "score_text.py"
VENV = ROOT / ".build" / "bench-venv"


def keys(part: str) -> list:
    truth = json.loads((CORPUS / "ground-truth.json").read_text())
    every = sorted(truth)
    if part == "tune":
        return [k for i, k in enumerate(every) if i % 3 != 2]
    if part == "check":
        return [k for i, k in enumerate(every) if i % 3 == 2]
    return every


def score(pred: dict, part_keys: list, name: str) -> dict:
    truth = json.loads((CORPUS / "ground-truth.json").read_text())
    work = ROOT / ".build" / "article-bench"
    work.mkdir(parents=True, exist_ok=True)
    (work / "truth.json").write_text(json.dumps({k: truth[k] for k in part_keys}))
    (work / f"{name}.json").write_text(json.dumps({k: {"articleBody": pred.get(k, "")} for k in part_keys}))
    out = subprocess.run([sys.executable, str(SCORER), "--truth", str(work / "truth.json"), "--pred",
                          str(work / f"{name}.json"), "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def plain_pages(part_keys: list) -> list:
    """The pages as plain HTML files, as a crawler would have them: trafilatura is timed on
    bytes already in memory, so neither side is timed decompressing."""
    folder = ROOT / ".build" / "article-bench" / "html"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k in part_keys:
        path = folder / f"{k}.html"
        if not path.exists():
            path.write_bytes(gzip.open(CORPUS / "html" / f"{k}.html.gz").read())
        files.append(str(path))
    return files


def run_landscape(binary: str, part_keys: list) -> tuple:
    """Best of five runs; the time is the command's own (reading, parsing, extracting and
    writing every page), as trafilatura's is its own loop, without process start-up."""
    command = ["taskset", "-c", "0", binary, "article", "--jobs", "1", *plain_pages(part_keys)]
    best = None
    for _ in range(5):
        child = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, check=True)
        lines = child.stderr.strip().splitlines()
        peak_kb = int(lines[-1])
        seconds = float(re.search(r"([0-9.]+) s,", lines[-2]).group(1))
        if best is None or seconds < best[1]:
            best = (child.stdout, seconds, peak_kb)
    stdout, seconds, peak_kb = best
    pred = {}
    for line in stdout.splitlines():
        record = json.loads(line)
        key = Path(record["file"]).name.removesuffix(".html")
        pred[key] = record.get("text", "")
    return pred, seconds, peak_kb


PEER = r'''
import gzip, json, resource, sys, time
import trafilatura
keys = json.loads(sys.argv[2])
pages = [gzip.open(f"{sys.argv[1]}/html/{k}.html.gz").read() for k in keys]
started = time.perf_counter()
out = {k: trafilatura.extract(page) or "" for k, page in zip(keys, pages)}
seconds = time.perf_counter() - started
print(json.dumps({"pred": out, "seconds": seconds,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
'''


def ensure_peer() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run([str(python), "-c", "import trafilatura"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "trafilatura==2.3.1", "lxml_html_clean"],
                       check=True)
    return python


def run_peer(part_keys: list) -> tuple:
    python = ensure_peer()
    child = subprocess.run(["taskset", "-c", "0", str(python), "-c", PEER, str(CORPUS), json.dumps(part_keys)],
                           capture_output=True, text=True, check=True)
    result = json.loads(child.stdout)
    return result["pred"], result["seconds"], result["peak_kb"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "landscape"))
    parser.add_argument("--part", choices=["all", "tune", "check"], default="all")
    parser.add_argument("--no-peer", action="store_true", help="score landscape alone (while tuning)")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages landscape scores worst on")
    args = parser.parse_args()

    part_keys = keys(args.part)
    pages_bytes = sum(len(gzip.open(CORPUS / "html" / f"{k}.html.gz").read()) for k in part_keys)
    print(f"{len(part_keys)} pages ({args.part}), {pages_bytes / 1e6:.1f} MB of HTML, one core each")
    rows = []
    pred, seconds, peak = run_landscape(args.binary, part_keys)
    rows.append(("landscape article", score(pred, part_keys, "landscape"), seconds, peak))
    if not args.no_peer:
        peer_pred, peer_seconds, peer_peak = run_peer(part_keys)
        rows.append(("trafilatura 2.3.1", score(peer_pred, part_keys, "trafilatura"), peer_seconds, peer_peak))
    print(f"{'extractor':<20} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>9} {'peak MB':>8}")
    for name, result, seconds, peak in rows:
        print(f"{name:<20} {result['f1']:>6.3f} {result['precision']:>6.3f} {result['recall']:>6.3f} "
              f"{len(part_keys) / seconds:>9.1f} {peak / 1024:>8.1f}")
    if len(rows) == 2:
        print(f"landscape reads {rows[1][2] / rows[0][2]:.1f} times as many pages per second as trafilatura")
    if args.worst:
        truth = json.loads((CORPUS / "ground-truth.json").read_text())
        sys.path.insert(0, str(SCORER.parent))
        import score_text
        worst = sorted(part_keys, key=lambda k: score_text.page_counts(truth[k]["articleBody"], pred.get(k, ""))[0])
        for k in worst[:args.worst]:
            tp, fp, fn = score_text.page_counts(truth[k]["articleBody"], pred.get(k, ""))
            print(f"  {k[:12]} tp {tp:.2f} fp {fp:.2f} fn {fn:.2f}  {truth[k]['url'][:80]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
