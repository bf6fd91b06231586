#!/usr/bin/env python3
"""Disk faults under a real `landscape run`: a full disk and a read-only output folder.

The output folder is a small tmpfs, mounted in a private mount namespace (`unshare`, as root or
as a mapped user), so nothing outside this script sees it. On a disk filled to several levels a
run must either publish a whole snapshot or fail with a message naming the path and the
cause, leaving the published snapshots whole (`snapshots verify --all`), `latest` on one of
them and no staging or temporary files; once space is freed the next run must publish. A
read-only output folder must fail at once, naming the folder. Exits 1 on any failed expectation.

Usage: disk_faults.py --binary .build/debug/landscape
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from state_checks import damaged_databases

ROOT = Path(__file__).resolve().parents[2]
PIPELINE = ROOT / "Pipelines" / "apac-biotech.yml"
DISK_KB = 6144
# Free space left on the disk before the second night, in KB: from too little for the stage
# cache to enough for all but the snapshot.
FREE_LEVELS_KB = [8, 64, 256, 512, 768, 1024]
problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)
        print(f"  FAIL {message}")


def landscape(binary, *arguments, sources=()):
    command = [binary, "run", str(PIPELINE), *arguments]
    for source in sources:
        command += ["--source", str(source)]
    return subprocess.run(command, capture_output=True, text=True, errors="replace")


def snapshot_ids(output):
    folder = output / "snapshots"
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and p.name[0].isdigit())


def leftovers(output):
    return sorted(str(p.relative_to(output)) for p in output.rglob("*")
                  if p.name.startswith((".staging-", ".latest-", ".pruning-")) or ".tmp-" in p.name)


def check_whole(binary, output, label):
    verify = subprocess.run([binary, "snapshots", "verify", "--all", "--output", str(output)],
                            capture_output=True, text=True, errors="replace")
    expect(verify.returncode == 0, f"{label}: snapshots verify --all exits {verify.returncode}: {verify.stdout[-300:]}")
    for name, verdict in damaged_databases(output):
        expect(False, f"{label}: {name}: integrity check says {verdict}")
    latest = output / "snapshots" / "latest"
    expect(latest.is_symlink() and os.readlink(latest) in snapshot_ids(output),
           f"{label}: latest does not point to a published snapshot")


def fill(disk, free_kb):
    """Writes a filler file leaving about `free_kb` of the disk free."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    stats = os.statvfs(disk)
    available = stats.f_bavail * stats.f_frsize
    size = max(0, available - free_kb * 1024)
    with open(filler, "wb") as out:
        while size > 0:
            piece = min(size, 1 << 20)
            out.write(bytes(piece))
            size -= piece
    return filler


def full_disk(binary, disk):
    feeds = sorted((ROOT / "Samples" / "feeds").iterdir())
    output = disk / "out"
    first = landscape(binary, "--output", str(output))
    expect(first.returncode == 0, f"the first night on an empty disk exits {first.returncode}: {first.stderr[-400:]}")
    if first.returncode != 0:
        return
    failures = 0
    print(f"{'free KB':>8} {'exit':>5} {'seconds':>8}  outcome")
    for round, free_kb in enumerate(FREE_LEVELS_KB):
        # Each night reads one more feed than the samples' first five, so every night has a new
        # snapshot to publish, and stage outputs to cache.
        sources = feeds[: 1 + round % (len(feeds) - 1)] + feeds[-1:]
        before = snapshot_ids(output)
        filler = fill(disk, free_kb)
        started = time.monotonic()
        night = landscape(binary, "--output", str(output), sources=sources)
        seconds = time.monotonic() - started
        label = f"{free_kb} KB free"
        if night.returncode == 0:
            outcome = "published"
            expect(len(snapshot_ids(output)) == len(before) + 1 or "unchanged" in night.stdout + night.stderr,
                   f"{label}: exit 0 without a new snapshot")
        else:
            failures += 1
            message = night.stderr.strip().splitlines()[-1] if night.stderr.strip() else ""
            outcome = message[:110]
            # The system's words, or SQLite's for the state database.
            expect("No space left on device" in night.stderr or "database or disk is full" in night.stderr,
                   f"{label}: the error does not say the disk is full: {message}")
            expect(str(output) in night.stderr, f"{label}: the error names no path under the output: {message}")
            expect(snapshot_ids(output) == before, f"{label}: the failed night changed the snapshots")
        print(f"{free_kb:8} {night.returncode:5} {seconds:8.1f}  {outcome}")
        expect(leftovers(output) == [], f"{label}: left behind {leftovers(output)}")
        check_whole(binary, output, label)
        filler.unlink()
        after = landscape(binary, "--output", str(output), sources=sources)
        expect(after.returncode == 0, f"{label}: the next night with space exits {after.returncode}: {after.stderr[-300:]}")
        check_whole(binary, output, f"{label}, next night")
    expect(failures >= 2, f"only {failures} of {len(FREE_LEVELS_KB)} nights ran out of space: the levels test nothing")


def read_only(binary, disk):
    output = disk / "ro"
    output.mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    started = time.monotonic()
    night = landscape(binary, "--output", str(output))
    seconds = time.monotonic() - started
    print(f"read-only output: exit {night.returncode} in {seconds:.1f} s: {night.stderr.strip()[-150:]}")
    expect(night.returncode != 0, "a run on a read-only output folder exits 0")
    expect(str(output) in night.stderr, "the read-only error does not name the output folder")
    expect("Read-only file system" in night.stderr, "the read-only error does not say the file system is read-only")
    expect(seconds < 10, f"the read-only run took {seconds:.1f} s before failing")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / ".build" / "debug" / "landscape"))
    parser.add_argument("--inside", help=argparse.SUPPRESS)  # the folder, once in the namespace
    args = parser.parse_args()
    args.binary = str(Path(args.binary).resolve())

    if args.inside is None:
        work = Path(tempfile.mkdtemp(prefix="landscape-disk-", dir=os.environ.get("TMPDIR")))
        namespace = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", "--mount"]
        result = subprocess.run(namespace + [sys.executable, __file__, "--binary", args.binary, "--inside", str(work)])
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(result.returncode)

    work = Path(args.inside)
    for name, test in (("full", full_disk), ("readonly", read_only)):
        disk = work / name
        disk.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_KB}k", "tmpfs", str(disk)], check=True)
        test(args.binary, disk)
        subprocess.run(["umount", str(disk)], check=True)
    if problems:
        print(f"{len(problems)} disk fault expectation(s) failed")
        sys.exit(1)
    print("a full disk and a read-only output never exposed a half snapshot, and the next night published")


if __name__ == "__main__":
    main()
