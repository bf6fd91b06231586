#!/usr/bin/env python3
"""Fetch benchmark: 1,000 feeds on 50 loopback addresses, cold night and warm night.

Starts feed_server.py (20 feeds on each of 127.0.0.1..127.0.0.50, 50 ms added to every
response), writes a pipeline listing every feed, and runs `landscape run` on it:

- cold: an empty output folder, so every feed is downloaded (200s);
- warm: the same output folder again, so every request is conditional and answered 304.

For each run it prints the wall time of the whole run and of the fetch stage (from the
manifest), requests, bytes the server sent, requests per second, and the highest number of
requests the server was answering at once on any one address (to show `per_host` holds).

    python3 Benchmarks/fetch_benchmark.py [--binary .build/release/landscape] [--runs 3]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def stats(port: int, reset: bool = False) -> dict:
    path = "/__reset" if reset else "/__stats"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        body = response.read()
    return {} if reset else json.loads(body)


def write_pipeline(folder: str, args) -> str:
    lines = ["name: fetch-benchmark", "sources:"]
    for host in range(1, args.hosts + 1):
        for feed in range(args.feeds_per_host):
            lines.append(f"  - id: h{host}-f{feed}")
            lines.append(f"    url: http://127.0.0.{host}:{args.port}/feeds/{feed}.xml")
    lines += [
        "fetch:",
        f"  concurrency: {args.concurrency}",
        f"  per_host: {args.per_host}",
        "  timeout_seconds: 20",
        "extract:",
        f"  gazetteer: {ROOT}/Pipelines/gazetteer.jsonl",
        f"  places: {ROOT}/Pipelines/places.jsonl",
    ]
    path = os.path.join(folder, "pipeline.yml")
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def run_once(args, pipeline: str, output: str) -> dict:
    stats(args.port, reset=True)
    started = time.perf_counter()
    completed = subprocess.run(
        [args.binary, "run", pipeline, "--output", output, "--log-format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"landscape run failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    with open(os.path.join(output, "snapshots", "latest", "manifest.json")) as handle:
        manifest = json.load(handle)
    fetch = next(stage for stage in manifest["stages"] if stage["name"] == "fetch")
    server = stats(args.port)
    return {
        "wall": wall,
        "fetch": fetch["seconds"],
        "counts": fetch["counts"],
        "requests": server["requests"],
        "ok": server["ok"],
        "not_modified": server["not_modified"],
        "bytes": server["bytes_sent"],
        "connections": server["connections"],
        "peak": max(server["peak_per_host"].values()),
        "failed": sum(1 for source in manifest["sources"] if source["status"] == "failed"),
    }


def report(label: str, runs: list) -> None:
    for index, run in enumerate(runs, 1):
        print(
            f"{label} #{index}: run {run['wall']:.3f} s, fetch stage {run['fetch']:.3f} s, "
            f"{run['requests']} requests ({run['ok']} x 200, {run['not_modified']} x 304, {run['failed']} failed), "
            f"{run['bytes'] / 1e6:.2f} MB sent, {run['connections']} connections, "
            f"{run['requests'] / run['fetch']:.0f} requests/s in fetch, peak per host {run['peak']}"
        )
    print(
        f"{label} median: run {statistics.median(r['wall'] for r in runs):.3f} s, "
        f"fetch stage {statistics.median(r['fetch'] for r in runs):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/landscape"))
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--feeds-per-host", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary}: not built; run `swift build -c release --product landscape` first")

    server = subprocess.Popen(
        [
            sys.executable, os.path.join(HERE, "feed_server.py"), "--hosts", str(args.hosts),
            "--feeds-per-host", str(args.feeds_per_host), "--latency-ms", str(args.latency_ms),
            "--port", str(args.port),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    folder = tempfile.mkdtemp(prefix="landscape-fetch-bench-")
    try:
        ready = server.stdout.readline()
        if not ready.startswith("ready"):
            sys.exit("feed server did not start")
        pipeline = write_pipeline(folder, args)
        total = args.hosts * args.feeds_per_host
        print(
            f"{total} feeds on {args.hosts} addresses, {args.latency_ms:.0f} ms per response, "
            f"concurrency {args.concurrency}, per_host {args.per_host}, {os.cpu_count()} cores"
        )
        cold, warm = [], []
        for index in range(args.runs):
            output = os.path.join(folder, f"out-{index}")
            cold.append(run_once(args, pipeline, output))
            warm.append(run_once(args, pipeline, output))
        report("cold", cold)
        report("warm", warm)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
