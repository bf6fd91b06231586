#!/usr/bin/env python3
"""Parse benchmark: `landscape parse` on one core against xmllint and two Python parsers.

Generates a corpus of RSS 2.0, Atom 1.0 and RSS 1.0 feeds (HTML summaries, CDATA bodies,
escaped markup, Dublin Core and media elements, several date styles), then times every
parser over the same files pinned to one CPU and prints MB/s, items/s and peak memory.
A second, four-times-larger corpus checks that peak memory stays flat as input grows.

    python3 Benchmarks/parse_benchmark.py --binary .build/release/landscape

Peers: `xmllint --stream --noout` (libxml2's reader with no work on top: the lower bound),
Python feedparser and feedparser-rs (both from PyPI; installed with pip when missing).
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Real news feeds carry 10 to 60 items (the samples and the live sources hold 14 to 50).
ITEMS_PER_FILE = (10, 60)
WORDS = (
    "antibody drug conjugate licence agreement upfront milestone royalty territory greater china "
    "japan korea oncology phase trial biologics manufacturing capacity cell therapy gene editing "
    "biosimilar partnership collaboration option exclusive rights global development commercial "
    "regulatory approval filing patients cohort data readout platform discovery target protein "
    "degrader bispecific vaccine mrna plant investment series financing round investors lead "
    "sites clinical endpoint efficacy safety dose expansion partner company announced today"
).split()
COMPANIES = (
    "Hengrui Medicine", "BeiGene", "Samsung Biologics", "Celltrion", "Takeda", "Daiichi Sankyo",
    "Astellas", "WuXi Biologics", "Innovent", "Hansoh", "LigaChem Biosciences", "Alteogen",
    "Biocon", "Sun Pharma", "CSL", "Telix", "Chugai", "Akeso", "Zai Lab", "Yuhan",
)
PARTNERS = ("Merck", "Pfizer", "AstraZeneca", "Novartis", "Sanofi", "GSK", "Roche", "AbbVie")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    return f"{rng.choice(COMPANIES)} and {rng.choice(PARTNERS)} {' '.join(words)}."


def paragraph_html(rng: random.Random, paragraphs: int) -> str:
    parts = []
    for _ in range(paragraphs):
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        parts.append(f"<p>{text} <a href=\"/news/{rng.randint(1, 99999)}\">More</a> &amp; <b>notes</b></p>")
    return "".join(parts)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rfc822(rng: random.Random) -> str:
    day = rng.randint(1, 28)
    stamp = f"{day:02d} {rng.choice(MONTHS)} 2025 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    style = rng.randrange(4)
    if style == 0:
        return f"{DAYS[day % 7]}, {stamp}:{rng.randint(0, 59):02d} +0900"
    if style == 1:
        return f"{DAYS[day % 7]}, {stamp}:00 GMT"
    if style == 2:
        return f"{stamp} +0800"
    return f"{DAYS[day % 7]}, {stamp}:30 EST"


def iso8601(rng: random.Random) -> str:
    return (f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}+08:00")


def rss2(rng: random.Random, number: int) -> str:
    items = []
    for index in range(rng.randint(*ITEMS_PER_FILE)):
        title = escape(f"{rng.choice(COMPANIES)} & {rng.choice(PARTNERS)} sign {rng.choice(WORDS)} deal")
        link = f"https://news{number}.example.com/{index}?utm_source=rss&amp;utm_medium=feed&amp;id={index}"
        description = escape(paragraph_html(rng, 1))
        body = paragraph_html(rng, rng.randint(2, 4))
        items.append(
            f"<item><title>{title}</title><link>{link}</link>"
            f"<guid isPermaLink=\"false\">news{number}-{index}</guid>"
            f"<pubDate>{rfc822(rng)}</pubDate><dc:creator>Desk {index % 9}</dc:creator>"
            f"<category>{rng.choice(WORDS)}</category><description>{description}</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<media:content url=\"https://img.example.com/{index}.jpg\" medium=\"image\"/></item>\n")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
            f"<channel><title>Bench wire {number}</title><link>https://news{number}.example.com/</link>"
            "<description>Generated for the parse benchmark</description>\n"
            + "".join(items) + "</channel></rss>\n")


def atom(rng: random.Random, number: int) -> str:
    entries = []
    for index in range(rng.randint(*ITEMS_PER_FILE)):
        title = escape(f"<b>{rng.choice(COMPANIES)}</b> expands {rng.choice(WORDS)} pact")
        entries.append(
            f"<entry><title type=\"html\">{title}</title>"
            f"<link rel=\"alternate\" href=\"/deals/{index}#top\"/>"
            f"<id>tag:atom{number}.example.org,2025:{index}</id>"
            f"<published>{iso8601(rng)}</published><updated>{iso8601(rng)}</updated>"
            f"<author><name>Reporter {index % 7}</name></author>"
            f"<summary type=\"html\">{escape(paragraph_html(rng, 1))}</summary>"
            f"<content type=\"html\">{escape(paragraph_html(rng, rng.randint(2, 4)))}</content></entry>\n")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            f"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://atom{number}.example.org/\">"
            f"<title>Bench journal {number}</title><id>tag:atom{number}.example.org,2025:feed</id>"
            f"<updated>{iso8601(rng)}</updated><link rel=\"alternate\" href=\"/\"/>\n"
            + "".join(entries) + "</feed>\n")


def rdf(rng: random.Random, number: int) -> str:
    items = []
    for index in range(rng.randint(*ITEMS_PER_FILE)):
        link = f"https://rdf{number}.example.net/item/{index}"
        items.append(
            f"<item rdf:about=\"{link}\"><title>{escape(sentence(rng))}</title><link>{link}</link>"
            f"<description>{escape(paragraph_html(rng, rng.randint(1, 3)))}</description>"
            f"<dc:date>{iso8601(rng)}</dc:date><dc:subject>{rng.choice(WORDS)}</dc:subject></item>\n")
    return ("<?xml version=\"1.0\"?>\n"
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
            "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
            f"<channel rdf:about=\"https://rdf{number}.example.net/\"><title>Bench letter {number}</title>"
            f"<link>https://rdf{number}.example.net/</link><description>Generated</description></channel>\n"
            + "".join(items) + "</rdf:RDF>\n")


def count_items(path: Path) -> int:
    data = path.read_bytes()
    return data.count(b"<item>") + data.count(b"<item ") + data.count(b"<entry>")


def generate(directory: Path, target_mb: int) -> tuple[list[Path], int]:
    """Writes feeds until the corpus reaches target_mb; reuses a complete earlier corpus."""
    stamp = directory / "COMPLETE"
    if stamp.exists() and stamp.read_text().split()[0] == str(target_mb):
        files = sorted(directory.glob("*.xml"))
        return files, int(stamp.read_text().split()[1])
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    rng = random.Random(20251121 + target_mb)
    writers = (rss2, atom, rdf)
    total, number, files, items = 0, 0, [], 0
    while total < target_mb * 1_000_000:
        path = directory / f"feed{number:05d}.xml"
        path.write_text(writers[number % 3](rng, number), encoding="utf-8")
        total += path.stat().st_size
        items += count_items(path)
        files.append(path)
        number += 1
    stamp.write_text(f"{target_mb} {items}")
    return files, items


def run_measured(command: list[str], stdout=subprocess.DEVNULL) -> tuple[float, int, int]:
    """Runs command pinned to CPU 0; returns wall seconds, peak RSS in kB and exit status."""
    start = time.perf_counter()
    process = subprocess.Popen(["taskset", "-c", "0", *command], stdout=stdout)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


PYTHON_PEER = """
import sys, time
name, files = sys.argv[1], sys.argv[2:]
if name == "feedparser":
    import feedparser
    parse = feedparser.parse
else:
    import feedparser_rs
    parse = feedparser_rs.parse
blobs = [open(path, "rb").read() for path in files]
start = time.perf_counter()
items = sum(len(parse(blob).entries) for blob in blobs)
print(time.perf_counter() - start, items)
"""


def python_peer(name: str, files: list[Path]) -> tuple[float, int]:
    """Times a Python parser inside its own process (interpreter start-up and file reads excluded)."""
    output = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", PYTHON_PEER, name,
                             *map(str, files)], check=True, capture_output=True, text=True).stdout
    seconds, items = output.split()
    return float(seconds), int(items)


def ensure_peers() -> None:
    for tool in ("xmllint", "taskset"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install -y libxml2-utils util-linux")
    missing = [package for package, module in (("feedparser", "feedparser"), ("feedparser-rs", "feedparser_rs"))
               if subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode]
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing], check=True)


def median_run(command: list[str], repeat: int) -> tuple[float, int]:
    runs = []
    for _ in range(repeat):
        seconds, peak, status = run_measured(command)
        if status != 0:
            sys.exit(f"{' '.join(command[:3])} ... exited with {status}")
        runs.append((seconds, peak))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/landscape")
    parser.add_argument("--corpus", default="/tmp/landscape-parse-bench")
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-python", action="store_true", help="leave out feedparser and feedparser-rs")
    parser.add_argument("--skip-memory", action="store_true", help="leave out the four-times-larger corpus")
    options = parser.parse_args()
    ensure_peers()

    files, items = generate(Path(options.corpus) / f"{options.size_mb}mb", options.size_mb)
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    names = [str(path) for path in files]
    print(f"corpus: {len(files)} files, {megabytes:.1f} MB, {items} items; one core (taskset -c 0)")

    rows = []
    seconds, peak = median_run([options.binary, "parse", "--jobs", "1", *names], options.repeat)
    rows.append(("landscape parse --jobs 1", seconds, peak))
    seconds, peak = median_run(["xmllint", "--stream", "--noout", *names], options.repeat)
    rows.append(("xmllint --stream --noout", seconds, peak))
    if not options.skip_python:
        for name in ("feedparser_rs", "feedparser"):
            seconds, parsed = python_peer(name, files)
            if parsed != items:
                print(f"note: {name} read {parsed} items of {items}")
            rows.append((f"python {name}", seconds, 0))

    print(f"{'parser':<28}{'seconds':>9}{'MB/s':>9}{'items/s':>11}{'peak MB':>9}")
    for name, seconds, peak in rows:
        peak_text = f"{peak / 1024:.0f}" if peak else "-"
        print(f"{name:<28}{seconds:>9.2f}{megabytes / seconds:>9.1f}{items / seconds:>11.0f}{peak_text:>9}")
    ours, lower_bound = rows[0][1], rows[1][1]
    print(f"landscape reaches {100 * lower_bound / ours:.0f}% of xmllint's throughput")

    if not options.skip_memory:
        large_files, large_items = generate(Path(options.corpus) / f"{options.size_mb * 4}mb", options.size_mb * 4)
        large_megabytes = sum(path.stat().st_size for path in large_files) / 1e6
        seconds, large_peak = median_run([options.binary, "parse", "--jobs", "1", *map(str, large_files)], 1)
        print(f"peak memory: {rows[0][2] / 1024:.0f} MB at {megabytes:.0f} MB of feeds, "
              f"{large_peak / 1024:.0f} MB at {large_megabytes:.0f} MB ({large_megabytes / seconds:.1f} MB/s, "
              f"{large_items / seconds:.0f} items/s)")


if __name__ == "__main__":
    main()
