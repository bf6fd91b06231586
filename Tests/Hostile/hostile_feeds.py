#!/usr/bin/env python3
"""Hostile feeds, each served on loopback beside a good feed in one `landscape run`.

For every case the run must exit 0, publish the good feed's articles whole, report the hostile
source (failed with its reason, or read with what could be read), let no external entity be
fetched or read, and stay within a time and memory bound. Prints one line of figures per case
(wall seconds and peak RSS of the run) and exits 1 when any expectation fails.

Usage: hostile_feeds.py --binary .build/debug/landscape [--case NAME ...]
"""
import argparse
import glob
import gzip
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_FEED = ROOT / "Samples" / "feeds" / "asia-biotech-wire.xml"
GOOD_ITEMS = 16
MIB = 1024 * 1024
# Bounds for one run of the debug build with a good and a hostile feed: far above what a run
# takes (a few seconds; 100,000 items take 95 s on 2 idle cores, 170 s on busy ones, and a few
# hundred MB), far below what an unbounded reader would need (an entity bomb expanded, a
# gigabyte held).
MAX_SECONDS = 600
MAX_RSS_MB = 1536


def rss_channel(items, prolog=""):
    return (f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel>'
            f"<title>Hostile</title><link>https://hostile.example/</link>{items}</channel></rss>").encode()


def item(title, link="https://hostile.example/a", description="Nothing to see."):
    return f"<item><title>{title}</title><link>{link}</link><description>{description}</description></item>"


class Body:
    """A body written in pieces, so a gigabyte never sits in memory: prefix, `count` copies of
    `chunk`, suffix."""

    def __init__(self, prefix=b"", chunk=b"", count=0, suffix=b""):
        self.prefix, self.chunk, self.count, self.suffix = prefix, chunk, count, suffix

    def __len__(self):
        return len(self.prefix) + len(self.chunk) * self.count + len(self.suffix)

    def pieces(self):
        yield self.prefix
        for _ in range(self.count):
            yield self.chunk
        yield self.suffix


def gzip_bomb(size):
    """A gzip stream of `size` zero bytes, made in pieces (about 1 MB per GB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MIB)
    out = [packer.compress(zeros) for _ in range(size // MIB)]
    out.append(packer.flush())
    return b"".join(out)


def cases(base):
    """name -> (body, content type, extra headers, what the run must show for the source)."""
    laughs = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    quadratic_entity = "A" * 100_000
    return {
        "billion-laughs": (rss_channel(item("&l9;"), f'<!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}]>'),
                           "application/rss+xml", {}, "bounded"),
        "quadratic-blowup": (rss_channel(item("&a;" * 50_000),
                                         f'<!DOCTYPE rss [<!ENTITY a "{quadratic_entity}">]>'),
                             "application/rss+xml", {}, "bounded"),
        "xxe-file": (rss_channel(item("&secret;"), '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'),
                     "application/rss+xml", {}, "bounded"),
        "xxe-url": (rss_channel(item("&probe;"), f'<!DOCTYPE rss [<!ENTITY probe SYSTEM "{base}/xxe-probe">]>'),
                    "application/rss+xml", {}, "bounded"),
        "xxe-parameter-entity": (rss_channel(item("x"), f'<!DOCTYPE rss [<!ENTITY % dtd SYSTEM "{base}/xxe-probe">%dtd;]>'),
                                 "application/rss+xml", {}, "bounded"),
        "xxe-external-dtd": (rss_channel(item("x"), f'<!DOCTYPE rss SYSTEM "{base}/xxe-probe">'),
                             "application/rss+xml", {}, "bounded"),
        "deep-nesting": (Body(b'<?xml version="1.0"?><rss version="2.0"><channel>', b"<x>", 100_000,
                              b"</x>" * 100_000 + b"</channel></rss>"),
                         "application/rss+xml", {}, "bounded"),
        "huge-text-node": (Body(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Big</title>'
                                b"<description>", b"a" * MIB, 200, b"</description></item></channel></rss>"),
                           "application/rss+xml", {}, "failed"),
        "many-items": (rss_channel("".join(item(f"Item {n}", f"https://hostile.example/{n}") for n in range(100_000))),
                       "application/rss+xml", {}, "all-items"),
        "nul-and-invalid-utf8": (rss_channel(item("One", "https://hostile.example/1")
                                             + item("Two\x00with a NUL", "https://hostile.example/2")
                                             + item("Three", "https://hostile.example/3")).replace(
                                     b"Three", b"Thr\xff\xfeee"),
                                 "application/rss+xml", {}, "all-items"),
        "hostile-links": (rss_channel(item("Script", "javascript:alert(document.cookie)")
                                      + item("Control", "https://hostile.example/a\x01b\x7f")
                                      + item("Data", "data:text/html,&lt;script&gt;x&lt;/script&gt;")),
                          "application/rss+xml", {}, "all-items"),
        "html-as-feed": (b"<!doctype html><html><head><title>Home</title></head><body><p>Hi</p></body></html>",
                         "application/rss+xml", {}, "failed"),
        "json-as-feed": (json.dumps({"items": [{"title": "x"}]}).encode(), "application/rss+xml", {}, "failed"),
        "pdf-as-feed": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n",
                        "application/rss+xml", {}, "failed"),
        "empty-file": (b"", "application/rss+xml", {}, "failed"),
        "gigabyte-of-zeros": (Body(b"", bytes(MIB), 1024, b""), "application/rss+xml", {}, "failed"),
        "gzip-bomb": (gzip_bomb(1024 * MIB), "application/rss+xml", {"Content-Encoding": "gzip"}, "failed"),
    }


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    routes = {}
    requested = []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requested.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        body, content_type, headers = route
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            for piece in (body.pieces() if isinstance(body, Body) else [body]):
                self.wfile.write(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the reader stopped at its limit, as it should

    def log_message(self, *args):
        pass


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass  # the process ended between poll() and open()
    return 0.0


def run_case(binary, server, base, name, expectation, workdir):
    pipeline = workdir / f"{name}.yml"
    pipeline.write_text(
        f"name: hostile\nsources:\n  - id: good\n    url: {base}/good.xml\n  - id: hostile\n    url: {base}/{name}\n"
        f"fetch:\n  retries: 0\n  timeout_seconds: 60\npages:\n  follow: false\n"
        f"extract:\n  gazetteer: {ROOT}/Pipelines/gazetteer.jsonl\n  places: {ROOT}/Pipelines/places.jsonl\n")
    output = workdir / f"out-{name}"
    started = time.monotonic()
    with open(workdir / f"{name}.log", "wb") as log:
        child = subprocess.Popen([binary, "run", str(pipeline), "--output", str(output), "--log-format", "json"],
                                 stdout=log, stderr=subprocess.STDOUT)
        rss_mb = 0.0
        # The child's own high-water mark; wait4's ru_maxrss would start from this script's size,
        # which the child inherits across fork and exec.
        while child.poll() is None:
            rss_mb = max(rss_mb, peak_rss_mb(child.pid))
            time.sleep(0.02)
    seconds = time.monotonic() - started
    problems = []
    code = child.returncode
    if code != 0:
        problems.append(f"exit {code}: see {workdir / (name + '.log')}")
        return seconds, rss_mb, problems, None
    latest = output / "snapshots" / "latest"
    manifest = json.loads((latest / "manifest.json").read_text())
    source = {s["id"]: s for s in manifest["sources"]}
    articles = []
    for path in sorted(glob.glob(str(latest / "articles" / "*.jsonl*"))):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as lines:
            articles += [json.loads(line) for line in lines if line.strip()]
    good = [a for a in articles if a["source_id"] == "good"]
    hostile = [a for a in articles if a["source_id"] == "hostile"]
    if len(good) != GOOD_ITEMS:
        problems.append(f"{len(good)} of the good feed's {GOOD_ITEMS} articles published")
    status_of = source["hostile"]["status"]
    if expectation == "failed" and status_of != "failed":
        problems.append(f"the hostile source is {status_of}, not failed")
    if expectation == "failed" and not source["hostile"]["error"]:
        problems.append("the hostile source failed without a reason")
    if expectation == "all-items":
        wanted = {"many-items": 100_000}.get(name, 3)
        if len(hostile) != wanted:
            problems.append(f"{len(hostile)} of the hostile feed's {wanted} items published")
    for article in hostile:
        url = article.get("url") or ""
        if url and not url.startswith(("http://", "https://")):
            problems.append(f"an article's url is {url!r}")
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
            problems.append(f"an article's url holds a control character: {url!r}")
        for field in ("title", "summary", "content"):
            if "\x00" in (article.get(field) or ""):
                problems.append(f"a NUL character in an article's {field}")
    published = b"".join(p.read_bytes() for p in latest.rglob("*") if p.is_file())
    if b"root:x:0:0" in published:
        problems.append("the content of /etc/passwd was published")
    if len(published) > 200 * MIB:
        problems.append(f"the snapshot holds {len(published) // MIB} MB")
    if any(path.startswith("/xxe-probe") for path in server.requested):
        problems.append("an external entity was fetched from the loopback server")
    if seconds > MAX_SECONDS:
        problems.append(f"took {seconds:.0f} s (bound {MAX_SECONDS} s)")
    if rss_mb > MAX_RSS_MB:
        problems.append(f"peak RSS {rss_mb:.0f} MB (bound {MAX_RSS_MB} MB)")
    slowest = max(manifest["stages"], key=lambda stage: stage.get("seconds") or 0)
    return seconds, rss_mb, problems, dict(source["hostile"], slowest=f"{slowest['name']} {slowest['seconds']:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / ".build" / "debug" / "landscape"))
    parser.add_argument("--case", action="append", help="run only these cases")
    args = parser.parse_args()

    server = Server(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    all_cases = cases(base)
    Server.routes = {f"/{name}": (body, kind, headers) for name, (body, kind, headers, _) in all_cases.items()}
    Server.routes["/good.xml"] = (GOOD_FEED.read_bytes(), "application/rss+xml", {})
    Server.routes["/xxe-probe"] = (b"<!ENTITY leaked 'leaked'>", "text/plain", {})

    workdir = Path(tempfile.mkdtemp(prefix="landscape-hostile-", dir=os.environ.get("TMPDIR")))
    failed = 0
    print(f"{'case':24} {'seconds':>8} {'peak MB':>8}  hostile source")
    for name, (body, _, _, expectation) in all_cases.items():
        if args.case and name not in args.case:
            continue
        seconds, rss_mb, problems, source = run_case(args.binary, server, base, name, expectation, workdir)
        shown = "-"
        if source:
            shown = f"{source['status']}, {source['items']} items (slowest stage: {source['slowest']})"
            shown += f": {source['error'][:60]}" if source["error"] else ""
        print(f"{name:24} {seconds:8.1f} {rss_mb:8.0f}  {shown}")
        for problem in problems:
            print(f"  FAIL {name}: {problem}")
        failed += bool(problems)
        shutil.rmtree(workdir / f"out-{name}", ignore_errors=True)
    server.shutdown()
    if failed:
        print(f"{failed} hostile case(s) failed; logs in {workdir}")
        sys.exit(1)
    shutil.rmtree(workdir, ignore_errors=True)
    print("every hostile feed was contained, and the good feed published beside each")


if __name__ == "__main__":
    main()
