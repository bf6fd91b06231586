#!/usr/bin/env python3
"""Idle profile: where the cores of a `--jobs N` build wait, stage by stage.

The scale benchmark's speed-up says how much faster two cores are; this says where the rest
went. It builds a landscape of generated articles (the scale benchmark's feeds, 20,000 by
default) once under `perf record`, cuts the run into windows of 20 ms, and counts in each how
many cores were busy (samples over the sampling rate). A window with fewer busy cores than
jobs is idle time; it is charged to the stage the main thread was in (the step in its stack,
or `landscape` while the articles are merged between pages and extract; a window where the
main thread waits goes to the stage it was last seen in). It prints, per stage, the wall time,
the busy and idle core-seconds and the share of the cores used, then the functions that ran
while cores waited: the serial steps to take on next.

    python3 Benchmarks/idle_profile.py --binary .build/release/landscape --size 100000

The profiler's own cost is in the figures (a few percent); compare runs made with it, not with
the benchmark's times.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_benchmark import ITEMS_PER_FEED, write_pipeline  # noqa: E402
from snapshot_benchmark import generate  # noqa: E402

WINDOW = 0.02
# A step's name as its mangled symbols spell it; making the landscape is PipelineRun's
# `nightsLandscape`, mangled with a back-reference for the module's name.
STAGE = re.compile(r"(Fetch|Parse|Pages|Extract|Dedupe|Aggregate|Publish)(?:Step|Runner)|(nights(?:Landscape|A0))")


def samples(script: str):
    """(time, thread, frames innermost first) of each sample of `perf script -F tid,time,ip,sym`."""
    block: list[str] = []
    for line in script.splitlines() + [""]:
        if line.strip():
            block.append(line.strip())
            continue
        if len(block) >= 2:
            head = block[0].split()
            frames = [frame.split(" ", 1)[-1] for frame in block[1:]]
            yield float(head[1].rstrip(":")), int(head[0]), frames
        block = []


def stage_of(frames: list[str]) -> str | None:
    for frame in frames:
        match = STAGE.search(frame)
        if match:
            return (match.group(1) or "landscape").lower()
    return None


def demangle(names: list[str]) -> list[str]:
    tool = shutil.which("swift-demangle") or shutil.which("swift")
    if not tool:
        return names
    command = [tool, "--simplified", "--compact"] if tool.endswith("swift-demangle") else [
        tool, "demangle", "--simplified", "--compact"]
    out = subprocess.run(command, input="\n".join(names), capture_output=True, text=True).stdout.splitlines()
    return out if len(out) == len(names) else names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/landscape")
    parser.add_argument("--size", type=int, default=20_000, help="generated articles (default 20,000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--frequency", type=int, default=1999, help="samples a second per core")
    parser.add_argument("--top", type=int, default=15, help="functions listed that ran while cores waited")
    parser.add_argument("--folder", default=None, help="where to generate and build (default: a temporary folder)")
    args = parser.parse_args()
    if not shutil.which("perf"):
        sys.exit("perf is not installed: make bench-idle installs it (Debian's linux-perf)")
    binary = str(Path(args.binary).resolve())
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="landscape-idle-"))
    folder.mkdir(parents=True, exist_ok=True)
    bodies = generate(folder, max(1, args.size // ITEMS_PER_FEED), ITEMS_PER_FEED)
    pipeline = write_pipeline(folder, len(bodies))
    output, data = folder / "out", folder / "perf.data"
    shutil.rmtree(output, ignore_errors=True)
    os.sync()
    command = ["perf", "record", "-q", "-F", str(args.frequency), "-g", "-o", str(data), "--", binary, "run",
               str(pipeline), "--output", str(output), "--now", "2026-12-01T02:00:00Z", "--jobs", str(args.jobs)]
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit {run.returncode}\n{run.stderr[-2000:]}")
    script = subprocess.run(["perf", "script", "-i", str(data), "-F", "tid,time,ip,sym"],
                            capture_output=True, text=True).stdout
    rows = list(samples(script))
    if not rows:
        sys.exit("perf recorded no samples (is kernel.perf_event_paranoid above 2?)")
    start = min(time for time, _, _ in rows)
    main_thread = min(thread for _, thread, _ in rows)
    windows: dict[int, list] = collections.defaultdict(list)
    for time, thread, frames in rows:
        windows[int((time - start) / WINDOW)].append((thread, frames))
    wall, busy, idle = collections.Counter(), collections.Counter(), collections.Counter()
    waiting_in = collections.Counter()
    stage = "start"
    for index in range(max(windows) + 1):
        window = windows.get(index, [])
        for thread, frames in window:
            if thread == main_thread:
                stage = stage_of(frames) or stage
                break
        cores = len(window) / (args.frequency * WINDOW)
        waited = max(0.0, args.jobs - cores) * WINDOW
        wall[stage] += WINDOW
        busy[stage] += min(cores, args.jobs) * WINDOW
        idle[stage] += waited
        if waited > WINDOW / 2 and window:
            # What ran while cores waited: each sample's innermost frame of this project, shared out.
            for _, frames in window:
                own = next((frame for frame in frames if "Landscape" in frame), frames[0])
                waiting_in[own] += waited / len(window)
    manifest = json.loads((output / "snapshots/latest/manifest.json").read_text())
    articles = next(s["inputs"] for s in manifest["stages"] if s["name"] == "extract")
    print(f"{articles:,} articles, --jobs {args.jobs}, {len(rows):,} samples at {args.frequency} Hz")
    print(f"{'stage':12s} {'wall s':>7s} {'busy':>7s} {'idle':>7s} {'used':>6s}")
    order = ["start", "fetch", "parse", "pages", "landscape", "extract", "dedupe", "aggregate", "publish"]
    for name in sorted(wall, key=lambda n: order.index(n) if n in order else len(order)):
        print(f"{name:12s} {wall[name]:7.2f} {busy[name]:7.2f} {idle[name]:7.2f} "
              f"{busy[name] / max(wall[name] * args.jobs, 1e-9):6.0%}")
    total_wall, total_idle = sum(wall.values()), sum(idle.values())
    print(f"{'all':12s} {total_wall:7.2f} {sum(busy.values()):7.2f} {total_idle:7.2f} "
          f"{1 - total_idle / max(total_wall * args.jobs, 1e-9):6.0%}")
    print(f"\nWhile cores waited (core-seconds of idle charged to what ran):")
    top = waiting_in.most_common(args.top)
    for (name, seconds), readable in zip(top, demangle([name for name, _ in top])):
        print(f"  {seconds:5.2f}  {readable[:150]}")
    if not args.folder:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
