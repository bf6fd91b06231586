#!/usr/bin/env python3
"""Scale benchmark: what a night costs as the landscape grows, in wall time and peak memory.

For each size (100,000 and 300,000 articles by default; --sizes 100000,300000,1000000 for the
issue's full table) it generates feeds of 500 items each (the deal and market news of
dedupe_benchmark.py over three years, 5% syndicated copies), then times with the release build:
  build        one run over feeds holding every article: the landscape is made, as a backfill
               would make it;
  roll-off     the pipeline now follows the first 200 feeds (--night-feeds), which hold only
               their last two months, as real feeds do; the landscape keeps every article;
  quiet        the same feeds again: nothing new;
  1,000 new    50 feeds bring 20 new articles each;
  backfill     50 feeds bring 400 articles each, 20,000 over the landscape's three years: a
               night that touches every month, as adding an archive's news to a landscape does
               (--backfill N for another number, 0 to leave it out);
  upgrade      the same feeds, with a copy of the binary: a build of other code (its code
               fingerprint differs) extracts every article again and merges every report on the
               landscape's deals, as the night after an upgrade does (--no-upgrade leaves it out);
  rerun        `--from extract`, as a researcher reruns after editing the gazetteer: every
               article extracted and every report merged again (--no-rerun leaves it out).
The nights bring the same news whatever the landscape's size, so that they show what the
landscape's size costs a night. With --night-feeds all, a night follows every feed the landscape
was built from: at a million, 2,000 feeds and 50,000 items a night, ten times the news of the
100,000's night (the tables of the README before 2026-12-05).
Each night is `landscape run --now` with a later date, so `last_seen` moves as it would. Peak
memory is the maximum resident set of the landscape process, as a small helper that started it
reads it (see PEAK_HELPER: a child of this script would count this script's own memory, the
generated feeds, as its own), and the disk is synced before each run's clock starts, so that no
run waits on the writes of the one before. For the first size it also makes the
landscape with --jobs 1 and --jobs 2, five times each in turn, and prints the speed-up of the
median times, stage by stage, and the pairs' own speed-ups: their median and range. A pair runs
side by side in time, so its ratio is the one a machine that slows down or speeds up over the
runs moves least; the ratio of the medians can take them from different pairs. Each turn also
runs two --jobs 1 builds side by side (--no-ceiling leaves them out): twice a one-core build's
time over theirs is the most two cores give on this machine, whose cores slow each other down.

    python3 Benchmarks/scale_benchmark.py --binary .build/release/landscape
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from snapshot_benchmark import articles, generate, item, write_feed  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ITEMS_PER_FEED = 500
# Disk a landscape takes per article (feeds, output, caches): about 20 GB at a million.
DISK_PER_ARTICLE = 20_000


def write_pipeline(folder: Path, feeds: int, name: str = "pipeline.yml") -> Path:
    lines = ["name: bench-scale", "sources:"]
    lines += [f"  - id: feed{n:04d}\n    url: {folder / f'feed{n:04d}.xml'}" for n in range(feeds)]
    lines += ["extract:", f"  gazetteer: {ROOT / 'Pipelines/gazetteer.jsonl'}",
              f"  places: {ROOT / 'Pipelines/places.jsonl'}"]
    # The generated items carry their whole text and link to hosts that do not exist: following
    # the links would time only the resolver failing on robots.txt, the same on one core or two.
    lines += ["pages:", "  follow: false"]
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


# Starts the command of its arguments and writes its maximum resident set (KiB) to the file
# named by PEAK_FILE. Linux counts into a process's peak the memory of the process it was
# forked or spawned from (a forked child's copied pages; with posix_spawn's vfork, the parent's
# peak, saved when the child execs), so a run started straight from this script, which holds
# the generated feeds (1.7 GB after a million), would show that as its own peak. The helper is
# a fresh interpreter of a few megabytes: what it adds is nothing next to a night.
PEAK_HELPER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
with open(os.environ["PEAK_FILE"], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def start(binary: str, pipeline: Path, output: Path, now: str, *flags: str) -> dict:
    """Starts one run (see run()); finish() waits for it."""
    command = [binary, "run", str(pipeline), "--output", str(output), "--now", now, *flags]
    peak_file = output.parent / f"{output.name}.peak"
    with open(output.parent / f"{output.name}.log", "a") as log:
        pid = os.posix_spawn(sys.executable, [sys.executable, "-c", PEAK_HELPER, *command],
                             {**os.environ, "PEAK_FILE": str(peak_file)},
                             file_actions=[(os.POSIX_SPAWN_DUP2, log.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, log.fileno(), 2)])
    return {"pid": pid, "start": time.perf_counter(), "output": output, "peak_file": peak_file,
            "what": f"run {' '.join(flags)} at {now}"}


def finish(started: dict, status: int, ended: float) -> tuple[float, float, dict]:
    code = os.waitstatus_to_exitcode(status)
    output = started["output"]
    if code != 0:
        sys.exit(f"{started['what']}: exit {code}; see {output.parent / (output.name + '.log')}")
    peak = int(started["peak_file"].read_text())
    started["peak_file"].unlink()
    manifest = json.loads((output / "snapshots/latest/manifest.json").read_text())
    return ended - started["start"], peak / 1024, manifest


def run(binary: str, pipeline: Path, output: Path, now: str, *flags: str) -> tuple[float, float, dict]:
    """Wall seconds, peak resident MB (MiB, as ru_maxrss counts) and the manifest of one run."""
    # What earlier runs wrote (1.3 GB for a build of 100,000 articles) is on disk before the
    # clock starts: the kernel writes it back when a later run's fsync asks, and that run would
    # wait for the disk on another run's behalf.
    os.sync()
    started = start(binary, pipeline, output, now, *flags)
    _, status, _ = os.wait4(started["pid"], 0)
    return finish(started, status, time.perf_counter())


def side_by_side(binary: str, pipeline: Path, outputs: list, now: str, *flags: str) -> list:
    """The runs of `outputs`, started together: each one's wall seconds, peak and manifest."""
    os.sync()
    running = {started["pid"]: started for started in (start(binary, pipeline, o, now, *flags) for o in outputs)}
    ended = {}
    while len(ended) < len(running):
        pid, status, _ = os.wait4(-1, 0)
        if pid in running:
            ended[pid] = finish(running[pid], status, time.perf_counter())
    return [ended[pid] for pid in running]


def keep_copy(output: Path, copy: Path) -> None:
    """A copy of an output folder to run a night on again. Snapshot and cache files are never
    written in place, so they are hard-linked: the copy costs no disk, and the file stamps that
    vouch for them by inode keep vouching, as on the night measured. The state database and the
    cache's small text files are rewritten in place and are copied."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(output, copy, symlinks=True, copy_function=os.link)
    for path in [*copy.glob("state/*"), *copy.glob("cache/*.txt")]:
        if path.is_file():
            real = path.with_name(path.name + ".copy")
            shutil.copyfile(path, real)
            os.replace(real, path)


def stages(manifest: dict) -> str:
    """Each stage's status, seconds and, when recorded, the night's resident peak while it ran (MB)."""
    def one(stage: dict) -> str:
        peak = stage.get("counts", {}).get("peak_resident_mb")
        return f"{stage['name']} {stage['status'][0]} {stage['seconds']:.1f}" + ("" if peak is None else f" {peak}M")
    return "  ".join(one(s) for s in manifest["stages"])


def bring(folder: Path, bodies: list, spread: int, records: list) -> None:
    """Writes the first `spread` feeds, each with its run of `records` before the items of its last two months."""
    share = -(-len(records) // spread)
    for feed in range(spread):
        recent = [text for published, text in bodies[feed] if published >= "2026-11"]
        write_feed(folder / f"feed{feed:04d}.xml", [item(r) for r in records[feed * share:(feed + 1) * share]] + recent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/landscape")
    parser.add_argument("--sizes", default="100000,300000")
    parser.add_argument("--folder", default="/tmp/landscape-scale-bench")
    parser.add_argument("--night-feeds", default="200",
                        help="how many of the feeds the nights after the build follow, or 'all' (default 200, the "
                             "feeds of 100,000 articles)")
    parser.add_argument("--backfill", type=int, default=20_000,
                        help="articles of the landscape's three years the last night brings (0: no such night)")
    parser.add_argument("--no-speedup", action="store_true", help="skip the --jobs 1 runs of the first size")
    parser.add_argument("--no-ceiling", action="store_true",
                        help="with the speed-up, leave out the two --jobs 1 builds run side by side each turn")
    parser.add_argument("--speedup-runs", type=int, default=5,
                        help="builds of the first size with --jobs 1 and --jobs 2, alternating (default 5)")
    parser.add_argument("--keep-quiet", action="store_true",
                        help="keep a copy of the output after the quiet night in FOLDER/SIZE-quiet (hard links), "
                             "for --rerun-night")
    parser.add_argument("--no-upgrade", action="store_true", help="leave out the night after an upgrade")
    parser.add_argument("--no-rerun", action="store_true", help="leave out the rerun from extract")
    parser.add_argument("--rerun-night", action="store_true",
                        help="only run each size's 1,000-new night again, on a copy of the output kept by an earlier "
                             "--keep-quiet run (say, to measure a change of the binary that does not change the stored "
                             "work: a build with other code extracts every article again)")
    args = parser.parse_args()
    binary = str(Path(args.binary).resolve())
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = []
    if args.rerun_night:
        for size in sizes:
            folder = Path(args.folder) / str(size)
            keep_copy(folder.parent / f"{size}-quiet", folder / "out")
            seconds, megabytes, manifest = run(binary, folder / "nights.yml", folder / "out", "2026-12-04T02:00:00Z")
            print(f"{size:,} articles, 1,000 new: {seconds:.1f} s {megabytes:.0f} MB  | {stages(manifest)}")
        return
    for index, size in enumerate(sizes):
        folder = Path(args.folder) / str(size)
        shutil.rmtree(folder, ignore_errors=True)
        # The copy an earlier run kept of this size is replaced at the end: it goes now, so that
        # its files (hard links, but to a landscape no longer there) do not hold the disk the
        # new landscape needs.
        if args.keep_quiet:
            shutil.rmtree(folder.parent / f"{size}-quiet", ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(folder.parent).free
        # The speed-up's turns hold a landscape with each job count, and two more side by side.
        copies = 1 if index > 0 or args.no_speedup else 2 if args.no_ceiling else 4
        needed = size * DISK_PER_ARTICLE * copies
        if free < needed:
            sys.exit(f"{folder.parent}: {free / 1e9:.1f} GB free, and {size:,} articles need about "
                     f"{needed / 1e9:.0f} GB; remove earlier runs' folders there (SIZE and SIZE-quiet) or pick "
                     f"another --folder")
        folder.mkdir(parents=True)
        bodies = generate(folder, size // ITEMS_PER_FEED, ITEMS_PER_FEED)
        pipeline = write_pipeline(folder, len(bodies))
        corpus = sum(p.stat().st_size for p in folder.glob("feed*.xml"))
        print(f"{size:,} articles in {len(bodies)} feeds, {corpus / 1e6:.0f} MB of RSS; the nights follow "
              f"{len(bodies) if args.night_feeds == 'all' else min(int(args.night_feeds), len(bodies))} of them",
              flush=True)
        output = folder / "out"
        nights = []
        measures_speedup = index == 0 and not args.no_speedup
        if measures_speedup:
            # On a shared machine one pair of runs can be 10% off either way: the builds with
            # one and two jobs alternate, and the medians are compared.
            # Two one-core builds side by side, in the same turns, say what two cores give this
            # machine at best: a --jobs 2 build, which does one build's work, cannot take less
            # than half their time. A shared or virtual machine's cores slow each other down
            # (caches, memory, a neighbour on the host), and the pair shows by how much.
            singles, doubles, besides = [], [], []
            twins = [folder / "jobs1a", folder / "jobs1b"]
            for attempt in range(args.speedup_runs):
                for name in ["jobs1", "jobs2", *(twin.name for twin in twins)]:
                    shutil.rmtree(folder / name, ignore_errors=True)
                singles.append(run(binary, pipeline, folder / "jobs1", "2026-12-01T02:00:00Z", "--jobs", "1"))
                doubles.append(run(binary, pipeline, folder / "jobs2", "2026-12-01T02:00:00Z", "--jobs", "2"))
                print(f"  build --jobs 1   {singles[-1][0]:7.1f} s {singles[-1][1]:7.0f} MB  | {stages(singles[-1][2])}",
                      flush=True)
                print(f"  build --jobs 2   {doubles[-1][0]:7.1f} s {doubles[-1][1]:7.0f} MB  | {stages(doubles[-1][2])}",
                      flush=True)
                if not args.no_ceiling:
                    pair = side_by_side(binary, pipeline, twins, "2026-12-01T02:00:00Z", "--jobs", "1")
                    besides.append(pair)
                    print(f"  two --jobs 1 side by side  {pair[0][0]:.1f} s and {pair[1][0]:.1f} s", flush=True)
            for name in ["jobs2", *(twin.name for twin in twins)]:
                shutil.rmtree(folder / name, ignore_errors=True)

            def stage_seconds(run: tuple, name: str) -> float:
                return next(s["seconds"] for s in run[2]["stages"] if s["name"] == name)

            def median_stage(runs: list, name: str) -> float:
                return statistics.median(stage_seconds(r, name) for r in runs)

            ratios = "  ".join(f"{s['name']} {median_stage(singles, s['name']) / max(median_stage(doubles, s['name']), 1e-3):.2f}"
                               for s in singles[0][2]["stages"] if median_stage(singles, s["name"]) > 0.2)
            overall = statistics.median(r[0] for r in singles) / statistics.median(r[0] for r in doubles)
            # Each pair's own ratio, run side by side in time: how far one pair can be from the medians'.
            pairs = sorted(single[0] / double[0] for single, double in zip(singles, doubles))
            print(f"  --jobs 2 speed-up (medians of {args.speedup_runs}): {overall:.2f} overall, pairs "
                  f"{statistics.median(pairs):.2f} ({pairs[0]:.2f} to {pairs[-1]:.2f})  | {ratios}", flush=True)
            if besides:
                # The ceiling of each turn: twice its one-core build's time over the side-by-side
                # builds' mean; the speed-up of the medians against the ceiling of the medians.
                # A stage's own ceiling says whether it loses to the machine or to the build: a
                # stage that reads and writes much shares the disk and memory with its twin.
                together = [statistics.mean(seconds for seconds, _, _ in pair) for pair in besides]
                ceilings = sorted(2 * single[0] / beside for single, beside in zip(singles, together))
                ceiling = 2 * statistics.median(r[0] for r in singles) / statistics.median(together)

                def stage_ceiling(name: str) -> float:
                    twin = statistics.median(statistics.mean(stage_seconds(r, name) for r in pair) for pair in besides)
                    return 2 * median_stage(singles, name) / max(twin, 1e-3)

                shares = "  ".join(
                    f"{s['name']} {median_stage(singles, s['name']) / max(median_stage(doubles, s['name']), 1e-3):.2f} "
                    f"of {stage_ceiling(s['name']):.2f}"
                    for s in singles[0][2]["stages"] if median_stage(singles, s["name"]) > 0.2)
                print(f"  two cores' ceiling on this machine (two --jobs 1 builds side by side): {ceiling:.2f} by the "
                      f"medians, turns {statistics.median(ceilings):.2f} ({ceilings[0]:.2f} to {ceilings[-1]:.2f}); "
                      f"the speed-up is {overall / ceiling:.0%} of it  | {shares}", flush=True)
        build = run(binary, pipeline, output, "2026-12-01T02:00:00Z", "--jobs", "2")
        nights.append(("build", build))
        followed = len(bodies) if args.night_feeds == "all" else min(int(args.night_feeds), len(bodies))
        nightly = write_pipeline(folder, followed, "nights.yml")
        for feed, body in enumerate(bodies[:followed]):
            write_feed(folder / f"feed{feed:04d}.xml", [text for published, text in body if published >= "2026-11"])
        nights.append(("roll-off", run(binary, nightly, output, "2026-12-02T02:00:00Z")))
        nights.append(("quiet", run(binary, nightly, output, "2026-12-03T02:00:00Z")))
        if args.keep_quiet:
            keep_copy(output, folder.parent / f"{size}-quiet")
        spread = min(50, followed)
        fresh = [dict(record, published="2026-12-04") for record in articles(1000, 11, 50_000_000)]
        bring(folder, bodies, spread, fresh)
        nights.append(("1,000 new", run(binary, nightly, output, "2026-12-04T02:00:00Z")))
        if args.backfill > 0:
            # The same older news at every size, each article on its own day of the three years.
            bring(folder, bodies, spread, list(articles(args.backfill, 13, 60_000_000)))
            nights.append(("backfill", run(binary, nightly, output, "2026-12-05T02:00:00Z")))
        if not args.no_upgrade:
            # A copy is another file, with its own time: its code fingerprint is not the one
            # the landscape was made with.
            upgraded = folder / "landscape-upgraded"
            shutil.copyfile(binary, upgraded)
            upgraded.chmod(0o755)
            nights.append(("upgrade", run(str(upgraded), nightly, output, "2026-12-06T02:00:00Z")))
            upgraded.unlink()
        if not args.no_rerun:
            nights.append(("rerun", run(binary, nightly, output, "2026-12-06T03:00:00Z", "--from", "extract")))
        for label, (seconds, megabytes, manifest) in nights:
            print(f"  {label:<15} {seconds:7.1f} s {megabytes:7.0f} MB  | {stages(manifest)}", flush=True)
        rows.append((size, nights))
        shutil.rmtree(folder / "jobs1", ignore_errors=True)
    columns = [("build", "build"), ("quiet", "quiet night"), ("1,000 new", "1,000 new articles")]
    if args.backfill > 0:
        columns.append(("backfill", f"backfill of {args.backfill:,}"))
    if not args.no_upgrade:
        columns.append(("upgrade", "after an upgrade"))
    if not args.no_rerun:
        columns.append(("rerun", "`--from extract`"))
    print("\n| articles | " + " | ".join(title for _, title in columns) + " |\n|---:|"
          + "---:|" * len(columns))
    for size, nights in rows:
        cells = {label: f"{seconds:.1f} s, {megabytes:,.0f} MB" for label, (seconds, megabytes, _) in nights}
        print(f"| {size:,} | " + " | ".join(cells[label] for label, _ in columns) + " |")


if __name__ == "__main__":
    main()
