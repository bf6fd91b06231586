#!/usr/bin/env python3
"""Writes WARC files of generated news pages, for the backfill tests, the cluster test and
`make bench-backfill`.

Pages are realistic HTML (navigation, share bar, related links, footer around the article)
about biotech deals between real companies (facts only; every sentence is generated here) or
about unrelated news (sport, weather, markets). Each file also holds a warcinfo record,
request records, a feed, a revisit, a redirect and an image, as a crawler writes them.

    warc_corpus.py --out DIR --files 4 --pages 200 [--writer warcio|fast] [--seed 7]

`--writer warcio` writes through warcio (the standard Python WARC library; one gzip member per
record); `--writer fast` writes the same record layout by hand, for gigabytes in minutes. Prints
one JSON line: files, pages, deal pages, bytes.
"""
import argparse
import gzip
import io
import json
import random
import uuid
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

LICENSORS = ["Hengrui Medicine", "Innovent Biologics", "Akeso", "Kelun-Biotech", "Duality Biologics", "Alteogen",
             "LigaChem Biosciences", "Hansoh", "Zai Lab", "BeiGene", "Yuhan", "Hanmi Pharmaceutical"]
BUYERS = ["Pfizer", "AstraZeneca", "Novartis", "Sanofi", "Merck & Co", "Roche", "Eli Lilly", "AbbVie", "GSK",
          "Takeda", "Daiichi Sankyo", "Astellas", "Ono Pharmaceutical", "Samsung Biologics", "Celltrion"]
ASSETS = ["an antibody-drug conjugate", "a bispecific antibody", "a CAR-T cell therapy", "an oral GLP-1 agonist",
          "a gene therapy for haemophilia", "an siRNA candidate", "a PD-1 inhibitor"]
DEAL_TEMPLATES = [
    "{a} said on {day} that it had licensed {asset} to {b}, which will pay ${up} million upfront and up to "
    "${total} million in milestones.",
    "{b} agreed to acquire {a} for ${total} million in cash, the companies said on {day}.",
    "{a} and {b} signed a co-development agreement for {asset}, sharing costs evenly.",
    "{b} will manufacture {asset} for {a} under a ten-year supply agreement announced on {day}.",
]
BODY_FILLER = [
    "Shares of the company rose in early trade after the announcement.",
    "Analysts expect more companies in the region to sign similar agreements this year.",
    "The asset is in a phase 2 trial in patients with advanced solid tumours.",
    "Neither side disclosed the royalty rates.",
    "The agreement is subject to the usual regulatory clearances.",
]
OTHER_TOPICS = [
    ("Local team wins the regional cup final", "The home side scored twice in the second half to take the trophy. "
     "Fans filled the streets of the old town until late in the evening."),
    ("Heavy rain expected over the weekend", "Forecasters warned of flooding in low-lying districts. Ferries may be "
     "cancelled and schools could close on Monday."),
    ("Stocks close higher on export data", "The main index gained one percent as exporters rallied. Banks and "
     "carmakers led the gains while utilities lagged."),
    ("City council approves new bus routes", "Three routes will link the suburbs to the new rail station. The "
     "council said the service starts next spring."),
]


WORDS = ("market minister league season weather budget election school traffic festival company shares "
         "report council police court museum airport railway coffee recipe travel hotel island river").split()


def padding(rng: random.Random, kilobytes: int) -> str:
    """Boilerplate of about `kilobytes`, shaped like a news site's: a mega-menu of links, an
    inline state script, a comments thread and a link-heavy footer."""
    if kilobytes <= 0:
        return ""
    parts, size = [], 0
    while size < kilobytes * 1024:
        kind = rng.randrange(3)
        if kind == 0:
            block = "<ul class=\"menu\">" + "".join(
                f'<li><a href="/{rng.choice(WORDS)}/{rng.randrange(10**6)}">{rng.choice(WORDS).title()} '
                f'{rng.choice(WORDS)}</a></li>' for _ in range(40)) + "</ul>"
        elif kind == 1:
            state = {f"k{rng.randrange(10**5)}": [rng.choice(WORDS), rng.randrange(10**9)] for _ in range(60)}
            block = f"<script>window.__STATE__ = {json.dumps(state)};</script>"
        else:
            block = '<div class="comments">' + "".join(
                f'<div class="comment"><span class="user">user{rng.randrange(10**4)}</span> '
                + " ".join(rng.choice(WORDS) for _ in range(18)) + "</div>" for _ in range(12)) + "</div>"
        parts.append(block)
        size += len(block)
    return "".join(parts)


def deal_page(rng: random.Random, number: int, day: datetime) -> tuple[str, str]:
    a, b = rng.choice(LICENSORS), rng.choice(BUYERS)
    up = rng.randrange(20, 400)
    sentence = rng.choice(DEAL_TEMPLATES).format(
        a=a, b=b, asset=rng.choice(ASSETS), up=up, total=up * rng.randrange(3, 12), day=day.strftime("%d %B %Y"))
    title = f"{a} and {b} strike deal ({number})"
    paragraphs = [sentence] + rng.sample(BODY_FILLER, 3)
    return title, html(title, paragraphs, day, padding(rng, PAGE_KB))


def other_page(rng: random.Random, number: int, day: datetime) -> tuple[str, str]:
    title, text = rng.choice(OTHER_TOPICS)
    title = f"{title} ({number})"
    return title, html(title, [text, text.replace("the", "this")], day, padding(rng, PAGE_KB))


def html(title: str, paragraphs: list[str], day: datetime, extra: str = "") -> str:
    nav = "".join(f'<li><a href="/section/{s}">{s.title()}</a></li>' for s in
                  ["world", "business", "health", "science", "sport", "opinion", "video"])
    related = "".join(f'<li><a href="/news/related-{i}">Related story number {i}</a></li>' for i in range(6))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{title} | Example News</title>"
        f'<meta property="article:published_time" content="{day.strftime("%Y-%m-%dT%H:%M:%SZ")}">'
        "<script>window.analytics = {id: 1, track: function () { return 0; }};</script>"
        "<style>body { font-family: sans-serif } .nav li { display: inline }</style></head><body>"
        f'<header><ul class="nav">{nav}</ul><form class="search"><input name="q"></form></header>'
        f'<main><article><h1>{title}</h1><div class="byline">By Staff Reporter</div>'
        f'<div class="share">Share on social media</div>{body}</article>'
        f'<aside class="related"><h2>Related</h2><ul>{related}</ul></aside></main>'
        f"{extra}<footer><p>Copyright Example News. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer>"
        "</body></html>"
    )


def feed_xml(urls: list[str], day: datetime) -> str:
    items = "".join(
        f"<item><title>Brief {i}</title><link>{u}</link><guid>{u}</guid>"
        f"<pubDate>{day.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<description>Hengrui Medicine licensed an ADC to Merck &amp; Co in brief {i}.</description></item>"
        for i, u in enumerate(urls))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Briefs</title>{items}</channel></rss>'


def records(rng: random.Random, file_number: int, pages: int, deal_share: float):
    """Yields (type, uri, date, http_headers_or_None, body bytes) in crawl order."""
    start = datetime(2025, 1, 1, tzinfo=timezone.utc) + timedelta(days=file_number * 3)
    urls = []
    for index in range(pages):
        day = start + timedelta(minutes=index * 7)
        number = file_number * 1_000_000 + index
        is_deal = rng.random() < deal_share
        title, page = (deal_page if is_deal else other_page)(rng, number, day)
        url = f"https://news{file_number % 7}.example.com/{day:%Y/%m/%d}/story-{number}"
        urls.append(url)
        yield ("request", url, day, None, f"GET /story-{number} HTTP/1.1\r\nHost: example.com\r\n\r\n".encode())
        yield ("response", url, day, [("Content-Type", "text/html; charset=utf-8")], page.encode("utf-8"))
        if index % 50 == 7:
            yield ("response", url.replace("story", "logo") + ".png", day, [("Content-Type", "image/png")],
                   b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(64)))
        if index % 50 == 11:
            yield ("revisit", url, day, None, b"")
        if index % 50 == 13:
            yield ("response", url + "-old", day, [("Location", url), ("Content-Type", "text/html")], b"")
    yield ("response", f"https://feeds{file_number}.example.com/rss", start,
           [("Content-Type", "application/rss+xml")], feed_xml(urls[:3], start).encode())


def http_block(url: str, headers, body: bytes) -> bytes:
    status = "301 Moved Permanently" if any(name == "Location" for name, _ in headers) else "200 OK"
    lines = [f"HTTP/1.1 {status}"] + [f"{n}: {v}" for n, v in headers] + [f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def warc_record(kind: str, url: str, day: datetime, block: bytes, content_type: str) -> bytes:
    header = [
        "WARC/1.1", f"WARC-Type: {kind}", f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>",
        f"WARC-Date: {day.strftime('%Y-%m-%dT%H:%M:%SZ')}", f"WARC-Target-URI: {url}",
        f"Content-Type: {content_type}", f"Content-Length: {len(block)}",
    ]
    return ("\r\n".join(header) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


PAGE_KB = 0
GZIP_LEVEL = 6


def gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def write_fast(path: Path, rng, file_number, pages, deal_share, compress: bool) -> int:
    with open(path, "wb") as out:
        info = warc_record("warcinfo", "", datetime(2025, 1, 1, tzinfo=timezone.utc), b"software: warc_corpus.py\r\n",
                           "application/warc-fields")
        out.write(gzip_member(info) if compress else info)
        for kind, url, day, headers, body in records(rng, file_number, pages, deal_share):
            if kind == "response":
                block, ctype = http_block(url, headers, body), "application/http; msgtype=response"
            elif kind == "request":
                block, ctype = body, "application/http; msgtype=request"
            else:
                block, ctype = b"", "application/http; msgtype=response"
            data = warc_record(kind, url, day, block, ctype)
            out.write(gzip_member(data) if compress else data)
    return path.stat().st_size


def write_warcio(path: Path, rng, file_number, pages, deal_share, compress: bool) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "warc_corpus.py"}))
        for kind, url, day, headers, body in records(rng, file_number, pages, deal_share):
            date = day.strftime("%Y-%m-%dT%H:%M:%SZ")
            if kind == "response":
                status = "301 Moved Permanently" if any(n == "Location" for n, _ in headers) else "200 OK"
                http = StatusAndHeaders(status, headers + [("Content-Length", str(len(body)))], protocol="HTTP/1.1")
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                   warc_headers_dict={"WARC-Date": date})
            elif kind == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
                record = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http,
                                                   warc_headers_dict={"WARC-Date": date})
            else:
                record = writer.create_revisit_record(url, "sha1:AAAA", url, date)
            writer.write_record(record)
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--pages", type=int, default=200, help="pages per file")
    parser.add_argument("--deal-share", type=float, default=0.3)
    parser.add_argument("--writer", choices=["warcio", "fast"], default="warcio")
    parser.add_argument("--plain", action="store_true", help="write .warc instead of .warc.gz")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--page-kb", type=int, default=0, help="boilerplate added to every page (KB)")
    parser.add_argument("--first", type=int, default=0, help="number of the first file")
    parser.add_argument("--gzip-level", type=int, default=6)
    args = parser.parse_args()
    global PAGE_KB, GZIP_LEVEL
    PAGE_KB, GZIP_LEVEL = args.page_kb, args.gzip_level
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(args.first, args.first + args.files):
        rng = random.Random(args.seed * 1000 + number)
        path = out / f"news-{number:04d}.warc{'' if args.plain else '.gz'}"
        write = write_warcio if args.writer == "warcio" else write_fast
        total += write(path, rng, number, args.pages, args.deal_share, not args.plain)
    print(json.dumps({"files": args.files, "pages": args.files * args.pages, "bytes": total}))


if __name__ == "__main__":
    main()
