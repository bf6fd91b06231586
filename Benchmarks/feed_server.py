#!/usr/bin/env python3
"""A loopback feed server for the fetch benchmark.

Serves N feeds on each of H loopback addresses (127.0.0.1 .. 127.0.0.H) on one port, over
HTTP/1.1 with keep-alive, adding a fixed latency to every response. Each feed has an ETag and a
Last-Modified; a request that sends either back gets a 304. The server counts requests, bytes
sent, 200s and 304s, and the most requests it was answering at once on each address.

    GET /__stats on any address returns the counters as JSON; /__reset zeroes them.
"""

import argparse
import asyncio
import hashlib
import json
import signal

LAST_MODIFIED = "Fri, 20 Nov 2026 18:00:00 GMT"


def make_feed(host: int, feed: int, items: int) -> bytes:
    """An RSS 2.0 feed whose text differs per host and feed."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
        f"<title>Benchmark wire {host}-{feed}</title><link>http://127.0.0.{host}/</link>",
        "<description>Synthetic feed for the fetch benchmark</description>",
    ]
    for item in range(items):
        parts.append(
            "<item>"
            f"<title>Company {host}-{feed}-{item} reports quarterly update</title>"
            f"<link>http://127.0.0.{host}/news/{feed}/{item}</link>"
            f"<guid>bench-{host}-{feed}-{item}</guid>"
            f"<pubDate>Fri, 20 Nov 2026 {item % 24:02d}:00:00 GMT</pubDate>"
            "<description>An operational update with no partnership in it, written to give the "
            "parser and the extractor a realistic amount of text per item.</description>"
            "</item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


class Stats:
    def __init__(self, hosts: int):
        self.hosts = hosts
        self.reset()

    def reset(self):
        self.requests = 0
        self.ok = 0
        self.not_modified = 0
        self.bytes_sent = 0
        self.connections = 0
        self.in_flight = {h: 0 for h in range(1, self.hosts + 1)}
        self.peak = {h: 0 for h in range(1, self.hosts + 1)}

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "requests": self.requests,
                "ok": self.ok,
                "not_modified": self.not_modified,
                "bytes_sent": self.bytes_sent,
                "connections": self.connections,
                "peak_per_host": {f"127.0.0.{h}": p for h, p in self.peak.items()},
            }
        ).encode()


async def serve(args):
    stats = Stats(args.hosts)
    feeds = {}
    for host in range(1, args.hosts + 1):
        for feed in range(args.feeds_per_host):
            body = make_feed(host, feed, args.items)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            feeds[(host, f"/feeds/{feed}.xml")] = (body, etag)

    def handler_for(host: int):
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
            stats.connections += 1
            try:
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    lines = head.decode("latin-1").split("\r\n")
                    path = lines[0].split(" ")[1]
                    headers = {}
                    for line in lines[1:]:
                        if ":" in line:
                            name, value = line.split(":", 1)
                            headers[name.strip().lower()] = value.strip()
                    if path == "/__stats":
                        await respond(writer, 200, {"Content-Type": "application/json"}, stats.as_json(), count=False)
                        continue
                    if path == "/__reset":
                        stats.reset()
                        await respond(writer, 200, {}, b"", count=False)
                        continue
                    stats.requests += 1
                    stats.in_flight[host] += 1
                    stats.peak[host] = max(stats.peak[host], stats.in_flight[host])
                    try:
                        await asyncio.sleep(args.latency_ms / 1000)
                        found = feeds.get((host, path))
                        if found is None:
                            await respond(writer, 404, {"Content-Type": "text/plain"}, b"not found")
                        elif headers.get("if-none-match") == found[1] or (
                            "if-none-match" not in headers and headers.get("if-modified-since") == LAST_MODIFIED
                        ):
                            stats.not_modified += 1
                            await respond(writer, 304, {"ETag": found[1], "Last-Modified": LAST_MODIFIED}, b"")
                        else:
                            stats.ok += 1
                            await respond(
                                writer,
                                200,
                                {
                                    "Content-Type": "application/rss+xml; charset=utf-8",
                                    "ETag": found[1],
                                    "Last-Modified": LAST_MODIFIED,
                                },
                                found[0],
                            )
                    finally:
                        stats.in_flight[host] -= 1
            except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError):
                pass
            finally:
                writer.close()

        return handle

    async def respond(writer, status, headers, body, count=True):
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}.get(status, "Status")
        head = f"HTTP/1.1 {status} {reason}\r\n"
        if status != 304:
            head += f"Content-Length: {len(body)}\r\n"
        for name, value in headers.items():
            head += f"{name}: {value}\r\n"
        data = head.encode() + b"\r\n" + body
        if count:
            stats.bytes_sent += len(data)
        writer.write(data)
        await writer.drain()

    servers = []
    for host in range(1, args.hosts + 1):
        server = await asyncio.start_server(handler_for(host), f"127.0.0.{host}", args.port, backlog=512)
        servers.append(server)
    print(f"ready: {args.hosts} hosts x {args.feeds_per_host} feeds on port {args.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--feeds-per-host", type=int, default=20)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--port", type=int, default=18080)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
