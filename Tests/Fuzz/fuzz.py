#!/usr/bin/env python3
"""Runs one libFuzzer target of landscape-fuzz (see `make fuzz`) and prints its figures.

Seeds come from the samples, the shared corpora beside the clone and generated text; the
corpus a run grows is kept under .build/fuzz/corpus/TARGET for the next run, and anything the
fuzzer finds (crash, hang, leak, a broken promise) is written to .build/fuzz/findings/TARGET/,
which makes the script exit 1. Turn each finding into a file under Tests/Fuzz/Regressions/TARGET/
(`make fuzz` prints the command that minimises it): the Swift tests replay every such file.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
WORK = ROOT / ".build" / "fuzz"

# The longest input each target is given: enough for a real feed, page or article, short
# enough that the fuzzer tries many.
MAX_LEN = {
    "feed": 65536, "html": 16384, "page": 131072, "date": 128, "url": 1024, "sentences": 8192,
    "extract": 8192, "money": 512, "gazetteer": 16384, "pipeline": 8192, "gzip": 65536, "warc": 65536,
}

DATES = [
    "Mon, 02 Jun 2025 09:30:00 +0900", "Tue, 3 Jun 2025 18:05:00 GMT", "2025-06-02T09:30:00Z",
    "2025-06-02T09:30:00.123+05:30", "2025-06-02", "Wed, 04 Jun 25 01:00:00 EST", "2025-06-02 09:30:00",
    "Thu, 31 Dec 9999 23:59:59 -1200", "1970-01-01T00:00:00Z", "Sun, 29 Feb 2024 12:00:00 PST",
]
URLS = [
    "https://Example.com:443/news/a?utm_source=x&id=3#top\nhttps://example.com/",
    "../deals/42.html\nhttps://news.example.org/a/b/c.html", "//cdn.example.com/x\nhttp://example.com",
    "javascript:alert(1)\nhttps://example.com", "HTTP://EXAMPLE.COM/%7Euser/./a/../b?\n",
    "?page=2\nhttps://example.com/list?page=1", "https://例え.jp/記事/1\n",
]
HTML = [
    "<p>Seoul-based <b>Alteogen</b> signed a licence with <a href='https://x'>Daiichi</a>.</p>",
    "<div><script>var a = '<p>';</script><p>One &amp; two &#x4E2D; &bogus; &#99999999;</p></div>",
    "<table><tr><td>Acquirer</td><td>Target</td></tr><tr><td>A</td><td>B</td></tr></table>",
    "<![CDATA[x]]><!-- c --><br/><ul><li>one<li>two</ul>",
]


def seeds_for(target):
    """(name, bytes) pairs for the target's seed folder."""
    feeds = sorted((ROOT / "Samples" / "feeds").iterdir())
    corpus = sorted(p for p in (SHARED / "feed-corpus").rglob("*") if p.suffix in (".xml", ".atom", ".rss", ".rdf"))
    pages = [p.read_bytes() for p in sorted((ROOT / "Samples" / "pages").rglob("*")) if p.is_file()]
    pages += [gzip.decompress(p.read_bytes()) for p in sorted((SHARED / "article-corpus" / "html").glob("*.gz"))]
    texts = [json.loads(line) for line in (SHARED / "eval" / "dev" / "articles.jsonl").read_text().splitlines() if line]
    texts = [((t.get("title") or "") + "\n" + (t.get("text") or "")).encode() for t in texts]
    if target == "feed":
        return [(p.name, p.read_bytes()) for p in feeds + corpus]
    if target == "html":
        return [(f"fragment-{i}", h.encode()) for i, h in enumerate(HTML)] + [
            (f"page-{i}", page[:MAX_LEN["html"]]) for i, page in enumerate(pages)]
    if target == "page":
        return [(f"page-{i}", page[:MAX_LEN["page"]]) for i, page in enumerate(pages)]
    if target == "date":
        return [(f"date-{i}", d.encode()) for i, d in enumerate(DATES)]
    if target == "url":
        return [(f"url-{i}", u.encode()) for i, u in enumerate(URLS)]
    if target in ("sentences", "extract"):
        return [(f"article-{i}", t[:MAX_LEN[target]]) for i, t in enumerate(texts)]
    if target == "money":
        sentences = [s for t in texts for s in re.split(rb"(?<=\.) ", t) if re.search(rb"\d", s)]
        return [(f"sentence-{i}", s[:MAX_LEN["money"]]) for i, s in enumerate(sentences[:400])]
    if target == "gazetteer":
        seeds = []
        for flag, name in ((b"\x00", "gazetteer.jsonl"), (b"\x01", "places.jsonl")):
            lines = (ROOT / "Pipelines" / name).read_bytes().splitlines(keepends=True)
            for i in range(0, min(len(lines), 400), 40):
                seeds.append((f"{name}-{i}", flag + b"".join(lines[i:i + 40])))
        return seeds
    if target == "pipeline":
        return [(p.name, p.read_bytes()) for p in sorted((ROOT / "Pipelines").glob("*.yml"))]
    if target == "warc":
        sys.path.insert(0, str(ROOT / "Tests" / "Backfill"))
        import warc_corpus  # the hand writer: no third-party package needed
        seeds = []
        for plain in (True, False):
            out = WORK / "warc-seeds"
            out.mkdir(parents=True, exist_ok=True)
            path = out / "seed.warc"
            import random as _random
            warc_corpus.write_fast(path, _random.Random(3), 0, 6, 0.5, compress=not plain)
            seeds.append((f"generated-{'plain' if plain else 'gz'}.warc", path.read_bytes()))
        return seeds
    if target == "gzip":
        seeds = [(p.name + ".gz", gzip.compress(p.read_bytes(), mtime=0)) for p in feeds]
        seeds.append(("two-members.gz", gzip.compress(b"one\n", mtime=0) + gzip.compress(b"two\n", mtime=0)))
        seeds.append(("empty.gz", gzip.compress(b"", mtime=0)))
        return seeds
    raise SystemExit(f"fuzz.py: unknown target {target!r}; one of {', '.join(MAX_LEN)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--binary", default=str(WORK / "debug" / "landscape-fuzz"))
    args = parser.parse_args()

    seeds = WORK / "seeds" / args.target
    shutil.rmtree(seeds, ignore_errors=True)
    seeds.mkdir(parents=True)
    for index, (name, data) in enumerate(seeds_for(args.target)):
        (seeds / f"{index:04d}-{re.sub(r'[^A-Za-z0-9._-]', '_', name)[:60]}").write_bytes(data)
    corpus = WORK / "corpus" / args.target
    findings = WORK / "findings" / args.target
    corpus.mkdir(parents=True, exist_ok=True)
    findings.mkdir(parents=True, exist_ok=True)
    before = set(findings.iterdir())

    env = dict(os.environ, LANDSCAPE_FUZZ_TARGET=args.target, SWIFT_BACKTRACE="enable=no",
               TMPDIR=str(WORK / "tmp"))
    (WORK / "tmp").mkdir(exist_ok=True)
    command = [args.binary, str(corpus), str(seeds), f"-max_total_time={args.seconds}",
               f"-max_len={MAX_LEN[args.target]}", "-timeout=30", "-rss_limit_mb=4096",
               "-print_final_stats=1", f"-artifact_prefix={findings}/"]
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            errors="replace")
    log = WORK / f"{args.target}.log"
    log.write_text(result.stdout)
    done = [l for l in result.stdout.splitlines() if " DONE " in l or "cov:" in l]
    stats = dict(re.findall(r"stat::(\w+):\s+(\d+)", result.stdout))
    coverage = re.findall(r"cov: (\d+) ft: (\d+)", done[-1]) if done else []
    found = sorted(set(findings.iterdir()) - before)
    print(f"{args.target}: {stats.get('number_of_executed_units', '?')} executions in {args.seconds} s "
          f"({stats.get('average_exec_per_sec', '?')}/s), coverage {coverage[0][0] if coverage else '?'} edges "
          f"{coverage[0][1] if coverage else '?'} features, corpus {len(list(corpus.iterdir()))} inputs, "
          f"peak RSS {stats.get('peak_rss_mb', '?')} MB, findings {len(found)}")
    for path in found:
        print(f"  finding: {path}\n  minimise: LANDSCAPE_FUZZ_TARGET={args.target} {args.binary} -minimize_crash=1 "
              f"-max_total_time=60 {path}")
    if found or result.returncode != 0:
        print(f"  log: {log}")
        sys.exit(1)


if __name__ == "__main__":
    main()
