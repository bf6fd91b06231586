#!/usr/bin/env python3
"""`make test-cluster`: a backfill on a real single-node Slurm, compared with one process.

Starts munged, slurmctld and slurmd (Debian's packages) with a configuration written into a
temporary folder (its own ports, spool and state, nothing under /etc touched), writes eight WARC
files of generated news, submits deploy/slurm/backfill.sbatch (an array of 4 shard tasks and a
merge that depends on it), waits for the merge, and checks that the merged snapshot's records
are byte-identical to those of a single `landscape run` over the same files. Then it validates
deploy/kubernetes/backfill.yaml against the Kubernetes API schema, offline.

    python3 Tests/Cluster/slurm_backfill.py --binary .build/debug/landscape
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOW = "2025-06-01T00:00:00Z"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def record_files(snapshot: Path) -> dict:
    manifest = json.loads((snapshot / "manifest.json").read_text())
    names = ("articles/", "mentions/", "deals.", "aggregates.", "network/edges")
    return {f["path"]: (snapshot / f["path"]).read_bytes() for f in manifest["files"] if f["path"].startswith(names)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--python", default=sys.executable, help="a Python with warcio and kubernetes-validate")
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()
    binary = str(Path(args.binary).resolve())
    work = Path(tempfile.mkdtemp(prefix="landscape-slurm-"))
    os.chmod(work, 0o755)
    host = socket.gethostname().split(".")[0]
    daemons = []
    env = dict(os.environ)
    try:
        # munge: a key of its own and a socket in the folder.
        munge = work / "munge"
        munge.mkdir()
        os.chmod(munge, 0o700)
        key = munge / "munge.key"
        key.write_bytes(os.urandom(1024))
        os.chmod(key, 0o400)
        sock = munge / "munge.socket"
        daemons.append(subprocess.Popen(
            ["munged", "--foreground", "--force", f"--key-file={key}", f"--socket={sock}",
             f"--pid-file={munge / 'munged.pid'}", f"--log-file={munge / 'munged.log'}", f"--seed-file={munge / 'seed'}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for _ in range(100):
            if sock.exists():
                break
            time.sleep(0.1)
        else:
            raise SystemExit("munged did not start")

        state = work / "state"
        spool = work / "spool"
        state.mkdir()
        spool.mkdir()
        cpus = os.cpu_count() or 2
        conf = work / "slurm.conf"
        conf.write_text("\n".join([
            "ClusterName=landscape",
            f"SlurmctldHost={host}",
            "SlurmUser=root",
            "SlurmdUser=root",
            f"SlurmctldPort={free_port()}",
            f"SlurmdPort={free_port()}",
            f"AuthInfo=socket={sock}",
            f"StateSaveLocation={state}",
            f"SlurmdSpoolDir={spool}",
            f"SlurmctldPidFile={work / 'slurmctld.pid'}",
            f"SlurmdPidFile={work / 'slurmd.pid'}",
            f"SlurmctldLogFile={work / 'slurmctld.log'}",
            f"SlurmdLogFile={work / 'slurmd.log'}",
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_CPU",
            "MpiDefault=none",
            "ReturnToService=2",
            "SchedulerType=sched/backfill",
            f"NodeName={host} CPUs={cpus} State=UNKNOWN",
            f"PartitionName=batch Nodes={host} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4",
            "",
        ]))
        env["SLURM_CONF"] = str(conf)
        daemons.append(subprocess.Popen(["slurmctld", "-D", "-i"], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        daemons.append(subprocess.Popen(["slurmd", "-D", "-N", host], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        for _ in range(150):
            info = subprocess.run(["sinfo", "-h", "-o", "%T"], env=env, capture_output=True, text=True)
            if info.returncode == 0 and info.stdout.strip() in ("idle", "mixed", "allocated"):
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"the Slurm node did not come up: {info.stdout} {info.stderr}\n"
                             + (work / "slurmctld.log").read_text()[-2000:])
        print(f"slurm: node {host} up ({cpus} CPUs), config {conf}")

        warcs = work / "warc"
        subprocess.run([args.python, str(ROOT / "Tests/Backfill/warc_corpus.py"), "--out", str(warcs), "--files", "8",
                        "--pages", "50", "--writer", "warcio"], check=True, stdout=subprocess.DEVNULL)
        out = work / "backfill"
        submit_env = dict(env, LANDSCAPE=binary, BACKFILL_WARCS=str(warcs / "*.warc.gz"), BACKFILL_OUTPUT=str(out),
                          BACKFILL_SHARDS="4", BACKFILL_PIPELINE=str(ROOT / "Pipelines/apac-biotech.yml"),
                          BACKFILL_NOW=NOW, SWIFT_BACKTRACE="enable=no")
        started = time.monotonic()
        submitted = subprocess.run([str(ROOT / "deploy/slurm/backfill.sbatch"), "submit"], env=submit_env,
                                   capture_output=True, text=True, cwd=str(work))
        if submitted.returncode != 0:
            raise SystemExit(f"sbatch failed: {submitted.stdout} {submitted.stderr}")
        print(f"slurm: submitted {submitted.stdout.strip()}")
        while True:
            queue = subprocess.run(["squeue", "-h", "-o", "%i %T"], env=env, capture_output=True, text=True).stdout
            if not queue.strip():
                break
            if time.monotonic() - started > args.timeout:
                raise SystemExit(f"the backfill did not finish in {args.timeout} s: {queue}")
            time.sleep(1)
        seconds = time.monotonic() - started
        merged = out / "merged" / "snapshots" / "latest"
        if not merged.exists():
            logs = "".join(f"--- {p}\n{p.read_text()[-1500:]}" for p in sorted((out / "logs").glob("*.log")))
            raise SystemExit(f"no merged snapshot in {out}/merged\n{logs}")
        markers = sorted(p.parent.name for p in (out / "shards").glob("*/COMPLETE.json"))
        assert markers == ["0-of-4", "1-of-4", "2-of-4", "3-of-4"], markers

        single = work / "single"
        subprocess.run([binary, "run", str(ROOT / "Pipelines/apac-biotech.yml"), "--output", str(single), "--now", NOW,
                        *[a for p in sorted(warcs.glob("*.warc.gz")) for a in ("--source", str(p))]],
                       check=True, capture_output=True, env=submit_env)
        want = record_files(single / "snapshots" / "latest")
        got = record_files(merged)
        assert set(want) == set(got), (sorted(want), sorted(got))
        differing = [name for name in want if want[name] != got[name]]
        assert not differing, f"merged records differ from the single run's: {differing}"
        deals = sum(1 for _ in (merged / "deals.jsonl").open())
        assert deals > 20, deals
        print(f"slurm: 4 shard tasks and the merge finished in {seconds:.1f} s; {deals} deals; "
              f"{len(want)} record files byte-identical to a single run")

        validated = subprocess.run(
            [str(Path(args.python).parent / "kubernetes-validate"), "--strict",
             str(ROOT / "deploy/kubernetes/backfill.yaml")], capture_output=True, text=True)
        print(validated.stdout.strip())
        assert validated.returncode == 0, validated.stdout + validated.stderr
        print("kubernetes: deploy/kubernetes/backfill.yaml valid against the API schema")
        return 0
    finally:
        subprocess.run(["scancel", "--quiet", "--user=root"], env=env, capture_output=True)
        for daemon in reversed(daemons):
            daemon.send_signal(signal.SIGTERM)
        for daemon in daemons:
            try:
                daemon.wait(timeout=10)
            except subprocess.TimeoutExpired:
                daemon.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
