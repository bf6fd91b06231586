#!/usr/bin/env python3
"""Dedupe benchmark: `landscape dedupe` over 1,000,000 generated articles, 5% of them near-duplicates.

The corpus is deal and market news written from many sentence patterns filled from the
gazetteer's organisations, places, modalities, sums and drug codes, so unrelated articles share
words and boilerplate but rarely whole passages. Some articles close with a company's "About"
boilerplate, and some report the same deal as another in different words: neither is a
duplicate. Then 5% of the articles are near-duplicates of an earlier one, as syndication makes
them: another outlet's URL, a new headline, a sentence dropped or a line of credit added, a few
words changed; a few are the same page under tracking parameters.

It times the whole command (reading, decoding, signing, grouping, writing), reads its peak
memory, and scores the duplicate pairs it prints against the generator's truth: precision is
the share of printed pairs whose two articles belong to one true group, recall the share of
true (copy, original) pairs that end in one printed group.

    python3 Benchmarks/dedupe_benchmark.py --binary .build/release/landscape
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODALITIES = ["ADC", "antibody-drug conjugate", "bispecific antibody", "CAR-T therapy", "cell therapy",
              "gene therapy", "mRNA vaccine", "siRNA drug", "radiopharmaceutical", "small molecule",
              "biosimilar", "AI diagnostics platform", "exosome therapy", "oral GLP-1 agonist", "PD-1 inhibitor"]
DISEASES = ["non-small cell lung cancer", "gastric cancer", "obesity", "type 2 diabetes", "atopic dermatitis",
            "hepatitis B", "multiple myeloma", "lupus", "Alzheimer's disease", "breast cancer", "psoriasis"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
OUTLETS = ["biowire.example", "asiapharma.example", "dealnews.example", "healthbiz.example", "kbiotimes.example",
           "chinapharma.example", "japanmed.example", "indiahealth.example", "seabiz.example", "wire.example"]
DEAL_SENTENCES = [
    "{a} signed an exclusive licence agreement with {b} for the {m} {code} outside Greater China.",
    "{a} and {b} agreed to co-develop {code}, a {m} for {d}, sharing costs equally.",
    "{b} will pay {a} {money} upfront, with up to {money2} in development and sales milestones.",
    "{a} has entered a contract manufacturing agreement with {b} to supply {code} for late-stage trials.",
    "Under the terms, {b} gains rights to commercialise {code} in {place}, while {a} keeps the rest of the world.",
    "{a} will acquire {b} for {money} in cash, the companies said on {day}.",
    "{b} took a {pct}% stake in {a} through a private placement worth {money}.",
    "The partnership gives {a} access to {b}'s {m} platform for up to {n} targets.",
    "{a} said the collaboration with {b} would start with {d}, where {code} showed early responses.",
    "{a} and {b} signed a memorandum of understanding on {m} research in {place}.",
]
CONTEXT_SENTENCES = [
    "Shares of {a} rose {pct}% in {place} trading after the news.",
    "{code} is in a phase {phase} trial in patients with {d}, with data expected next year.",
    "Analysts at {bank} said the terms were in line with recent {m} deals from Asia.",
    "{a} reported revenue of {money} for the quarter, up {pct}% from a year earlier.",
    "The deal is expected to close in {quarter}, subject to regulatory approval in {place}.",
    "{a} opened a research centre in {place} last year and plans to hire {n} scientists.",
    "The companies did not disclose further financial terms of the agreement.",
    "Chief executive {person} said the agreement would bring {code} to patients in {place} sooner.",
    "{b} has struck {n} partnerships in {place} since the start of the year.",
    "Regulators in {place} granted {code} a breakthrough designation for {d} in {month}.",
    "The {m} field has drawn more than {money} of licensing payments to {place} companies this year.",
    "{a} said it would use the proceeds to fund trials of {code} in {d}.",
    "{person}, an analyst at {bank}, said {b} had been looking for {m} assets for some time.",
    "The agreement follows a {month} deal in which {b} licensed a {m} from another company in {place}.",
    "Manufacturing will take place at {a}'s plant in {place}, which can hold {n} thousand litres.",
]
HEADLINES = [
    "{a} licenses {m} {code} to {b}", "{b} pays {money} for rights to {a}'s {code}",
    "{a}, {b} team up on {m} for {d}", "{b} bets on {a}'s {m} in {money} deal",
    "{a} and {b} sign {m} pact", "{a} strikes {m} deal with {b} worth up to {money2}",
]
CREDITS = ["Reporting by {person}; editing by {person2}.", "This story was first published by {outlet}.",
           "Additional reporting by {person} in {place}.", "(Corrects the spelling of {code} in the second paragraph.)"]
PEOPLE = ["Kim Min-jun", "Li Wei", "Sato Yuki", "Priya Nair", "Nguyen Thi Lan", "Tan Wei Ling", "Chen Jie",
          "Park Ji-hoon", "Arjun Mehta", "Siti Rahma", "Emily Clarke", "Lee Seo-yeon", "Wang Fang", "Daniel Ong"]
BANKS = ["Jefferies", "Morgan Stanley", "Nomura", "CLSA", "Mirae Asset", "Macquarie", "Citi", "HSBC", "UBS"]
QUARTERS = ["the first quarter", "the second quarter", "the third quarter", "the fourth quarter", "early next year"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SWAPS = {"said": "stated", "agreed": "decided", "company": "firm", "agreement": "deal", "rights": "licence",
         "trial": "study", "patients": "people", "signed": "inked", "companies": "firms", "expected": "set",
         "rose": "climbed", "terms": "conditions", "start": "begin", "bring": "deliver", "plans": "intends"}


def load_organisations() -> tuple[list[str], list[str]]:
    names, places = [], []
    with (HERE.parent / "Pipelines" / "gazetteer.jsonl").open() as f:
        for line in f:
            if line.strip():
                names.append(json.loads(line)["name"])
    with (HERE.parent / "Pipelines" / "places.jsonl").open() as f:
        for line in f:
            if line.strip():
                places.append(json.loads(line)["name"])
    return names, places


class Writer:
    def __init__(self, rng: random.Random, organisations: list[str], places: list[str]):
        self.rng = rng
        self.organisations = organisations
        self.places = places
        self.about = {name: self.about_text(name) for name in organisations}

    def about_text(self, name: str) -> str:
        rng = self.rng
        return (f"About {name}: {name} is a biopharmaceutical company based in {rng.choice(self.places)} focused on "
                f"{rng.choice(MODALITIES)} and {rng.choice(MODALITIES)} medicines for {rng.choice(DISEASES)} and "
                f"{rng.choice(DISEASES)}. Its pipeline includes {rng.randint(3, 30)} programmes, "
                f"{rng.randint(1, 9)} of them in clinical trials.")

    def slots(self) -> dict:
        rng = self.rng
        letters = "ABCDEFGHJKLMNPRSTVXYZ"
        return {
            "a": rng.choice(self.organisations), "b": rng.choice(self.organisations), "m": rng.choice(MODALITIES),
            "d": rng.choice(DISEASES), "place": rng.choice(self.places), "day": rng.choice(WEEKDAYS),
            "code": f"{rng.choice(letters)}{rng.choice(letters)}{rng.choice(letters)}-{rng.randint(100, 9999)}",
            "money": f"${rng.randint(5, 950)} million", "money2": f"${rng.randint(1, 9)}.{rng.randint(0, 9)} billion",
            "pct": rng.randint(2, 49), "n": rng.randint(2, 40), "phase": rng.choice(["1", "1/2", "2", "3"]),
            "bank": rng.choice(BANKS), "quarter": rng.choice(QUARTERS), "person": rng.choice(PEOPLE),
            "person2": rng.choice(PEOPLE), "month": rng.choice(MONTHS), "outlet": rng.choice(OUTLETS),
        }

    def article(self, number: int, slots: dict | None = None) -> dict:
        rng = self.rng
        slots = slots or self.slots()
        sentences = [s.format(**slots) for s in rng.sample(DEAL_SENTENCES, rng.randint(2, 4))]
        sentences += [s.format(**slots) for s in rng.sample(CONTEXT_SENTENCES, rng.randint(5, 10))]
        rng.shuffle(sentences)
        if rng.random() < 0.15:
            sentences.append(self.about[slots["a"]])
        day = rng.randint(0, 1094)
        return {
            "id": f"a{number:07d}",
            "url": f"https://{rng.choice(OUTLETS)}/news/{2024 + day // 365}/{number}-{slots['code'].lower()}",
            "published": f"{2024 + day // 365}-{(day % 365) // 31 + 1:02d}-{(day % 365) % 28 + 1:02d}",
            "title": rng.choice(HEADLINES).format(**slots), "text": " ".join(sentences), "_slots": slots}

    def copy(self, number: int, original: dict) -> dict:
        """A syndicated copy: another outlet, and one to three light edits."""
        rng = self.rng
        copy = dict(original, id=f"a{number:07d}")
        if rng.random() < 0.05:
            copy["url"] = original["url"] + "?utm_source=newsletter&utm_medium=email"
            return copy
        copy["url"] = f"https://{rng.choice(OUTLETS)}/syndicated/{number}"
        sentences = original["text"].split(". ")
        for edit in rng.sample(["headline", "drop", "credit", "words", "day"], rng.randint(1, 3)):
            if edit == "headline":
                copy["title"] = rng.choice(HEADLINES).format(**original["_slots"])
            elif edit == "drop" and len(sentences) > 6:
                del sentences[rng.randrange(1, len(sentences))]
            elif edit == "credit":
                sentences.append(rng.choice(CREDITS).format(**self.slots()))
            elif edit == "words":
                words = " ".join(sentences).split(" ")
                for _ in range(rng.randint(1, 3)):
                    index = rng.randrange(len(words))
                    words[index] = SWAPS.get(words[index], words[index])
                sentences = " ".join(words).split(". ")
            elif edit == "day":
                year, month, day = original["published"].split("-")
                copy["published"] = f"{year}-{month}-{min(28, int(day) + 1):02d}"
        copy["text"] = ". ".join(sentences)
        return copy


def generate(path: Path, truth_path: Path, count: int, share: float) -> None:
    if path.exists() and truth_path.exists() and sum(1 for _ in path.open()) == count:
        return
    organisations, places = load_organisations()
    rng = random.Random(20261121)
    writer = Writer(rng, organisations, places)
    recent: list[dict] = []  # copies are made of recent originals, as syndication is
    with path.open("w") as out, truth_path.open("w") as truth:
        for number in range(count):
            if recent and rng.random() < share:
                original = rng.choice(recent)
                record = writer.copy(number, original)
                truth.write(f"{record['id']} {original['id']}\n")
            elif recent and rng.random() < 0.03:
                # The same deal reported again in other words: not a duplicate.
                record = writer.article(number, dict(rng.choice(recent)["_slots"]))
            else:
                record = writer.article(number)
                recent.append(record)
                if len(recent) > 2000:
                    recent.pop(0)
            out.write(json.dumps({k: v for k, v in record.items() if not k.startswith("_")}) + "\n")


def score(output: str, truth_path: Path) -> tuple[float, float, int, int]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    true_pairs = []
    with truth_path.open() as f:
        for line in f:
            copy, original = line.split()
            true_pairs.append((copy, original))
            parent.setdefault(copy, copy)
            parent.setdefault(original, original)
            parent[find(copy)] = find(original)
    true_group = {x: find(x) for x in parent}
    found = [(r["article_id"], r["duplicate_of"]) for r in map(json.loads, output.splitlines())]
    correct = sum(1 for a, b in found if a in true_group and true_group[a] == true_group.get(b))
    found_group = {a: b for a, b in found}  # every copy points at its group's original
    recalled = sum(1 for a, b in true_pairs if found_group.get(a, a) == found_group.get(b, b))
    precision = correct / len(found) if found else 1.0
    return precision, recalled / len(true_pairs), len(found), len(true_pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/landscape")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--duplicates", type=float, default=0.05)
    parser.add_argument("--corpus", default="/tmp/landscape-dedupe-bench.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    corpus = Path(options.corpus)
    truth = corpus.with_suffix(".truth")
    started = time.perf_counter()
    generate(corpus, truth, options.articles, options.duplicates)
    print(f"corpus: {options.articles} articles, {corpus.stat().st_size / 1e6:.0f} MB of JSON lines "
          f"(ready in {time.perf_counter() - started:.0f} s); {sum(1 for _ in truth.open())} near-duplicates")

    runs = []
    for _ in range(options.repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        run = subprocess.run([options.binary, "dedupe", str(corpus)], capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        runs.append((seconds, max(peak, before), run))
    seconds, peak_kb, run = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    precision, recall, found, true = score(run.stdout, truth)
    print(run.stderr.strip())
    print(f"landscape dedupe (2 cores)   {seconds:6.1f} s  peak {peak_kb / 1024:6.0f} MB  "
          f"{options.articles / seconds:8.0f} articles/s")
    print(f"duplicate pairs: {found} printed, {true} true; precision {precision:.4f}, recall {recall:.4f}")
    print("goals: under 60 s and 2 GiB, recall >= 0.95 at precision >= 0.99")


if __name__ == "__main__":
    main()
