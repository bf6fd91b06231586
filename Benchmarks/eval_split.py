#!/usr/bin/env python3
"""Scores extraction on the two halves of the dev set: the part rules are tuned on, and the
part kept aside to check them.

The split is fixed by article number: every third article (d003, d006, ...) is the check part,
the rest the tuning part, so both hold old and new articles alike. Prints the scores of
`landscape eval` on each part side by side; `--part tune|check` prints that part's full report.

usage: eval_split.py --binary .build/release/landscape [--dev ../shared/eval/dev] [--part P]
"""
import argparse, json, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--binary", required=True)
ap.add_argument("--dev", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "dev"))
ap.add_argument("--part", choices=["tune", "check"])
ap.add_argument("--roles", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "dev-roles.jsonl"),
                help="gold roles of the dev deals' parties, annotated for this project")
args = ap.parse_args()


def part_of(article_id):
    return "check" if int(article_id.lstrip("d")) % 3 == 0 else "tune"


def read(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f if line.strip()]


articles = read(os.path.join(args.dev, "articles.jsonl"))
gold = read(os.path.join(args.dev, "gold.jsonl"))
folder = tempfile.mkdtemp(prefix="landscape-split-")
results = {}
for part in ["tune", "check"]:
    for name, lines in [("articles", articles), ("gold", gold)]:
        with open(os.path.join(folder, f"{part}-{name}.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(l for l in lines if part_of(json.loads(l)["id"]) == part)
    command = [args.binary, "eval", "--gold", os.path.join(folder, f"{part}-gold.jsonl"),
               "--articles", os.path.join(folder, f"{part}-articles.jsonl"), "--roles", args.roles]
    if args.part == part:
        subprocess.run(command, check=True)
        sys.exit(0)
    out = subprocess.run(command + ["--json"], check=True, capture_output=True, text=True).stdout
    results[part] = json.loads(out)

rows = [("articles", "articles"), ("gold deals", "gold_deals"), ("pair F1", "pair_f1"),
        ("pair precision", "pair_precision"), ("pair recall", "pair_recall"), ("deal recall", "deal_recall"),
        ("deal precision", "deal_precision"), ("type accuracy", "type_accuracy"),
        ("country accuracy", "country_accuracy"), ("role accuracy", "role_accuracy"),
        ("role precision", "role_precision"),
        ("modality F1", "modality_f1")]
print(f"{'':18} {'tune':>8} {'check':>8}")
for label, key in rows:
    cells = []
    for part in ["tune", "check"]:
        value = results[part].get(key)
        cells.append("-" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value)))
    print(f"{label:18} {cells[0]:>8} {cells[1]:>8}")
