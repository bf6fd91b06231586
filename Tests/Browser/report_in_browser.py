#!/usr/bin/env python3
"""Opens an HTML file in headless Chromium and reports what rendered, as one JSON object.

    python3 Tests/Browser/report_in_browser.py PAGE.html SCREENSHOT.png

It drives Chromium through the DevTools protocol over a pipe (--remote-debugging-pipe: commands
on the child's fd 3, replies on fd 4, each message ended by a NUL byte), so it needs nothing but
the chromium package and the standard library. It loads the page, waits for the load event,
measures every <svg> (its box on the page, and how many of its marks have a non-empty box),
takes a full-page PNG screenshot, and collects console errors, uncaught exceptions and failed
loads. The Swift test asserts on the JSON.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEASURE = """
(() => {
  const svgs = [...document.querySelectorAll('svg')].map(svg => {
    const box = svg.getBoundingClientRect();
    const marks = [...svg.querySelectorAll('rect, path, circle, line, polyline, polygon')];
    const drawn = marks.filter(m => { const b = m.getBBox(); return b.width > 0 && b.height > 0; });
    return {label: svg.getAttribute('aria-label') || '', width: box.width, height: box.height,
            marks: marks.length, drawn: drawn.length, texts: svg.querySelectorAll('text').length};
  });
  return JSON.stringify({title: document.title, svgs,
                         links: document.querySelectorAll('a[href]').length,
                         scripts: document.querySelectorAll('script').length,
                         height: document.documentElement.scrollHeight});
})()
"""


class Browser:
    def __init__(self, binary: str):
        self.profile = tempfile.mkdtemp(prefix="landscape-chromium-")
        to_child_read, self.to_child = os.pipe()
        self.from_child, from_child_write = os.pipe()

        def place_pipes():
            # Through high numbers first, in case either pipe already sits on 3 or 4.
            commands, replies = os.dup(to_child_read) + 100, os.dup(from_child_write) + 100
            os.dup2(to_child_read, commands)
            os.dup2(from_child_write, replies)
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
             f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=place_pipes,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_read)
        os.close(from_child_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self.receive(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def receive(self, deadline: float) -> dict:
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no reply from chromium")
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        if any(e.get("method") == method and e.get("sessionId") == session for e in self.events):
            return
        while True:
            event = self.receive(deadline)
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def problems(events: list, session: str) -> list[str]:
    found = []
    for event in events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            found.append("exception: " + params["exceptionDetails"].get("text", ""))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append("log: " + params["entry"].get("text", ""))
        elif method == "Network.loadingFailed":
            found.append("failed load: " + params.get("errorText", ""))
    return found


def main() -> None:
    page, screenshot = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not binary:
        sys.exit("no chromium on PATH: run `make deps` (it installs Debian's chromium package)")
    browser = Browser(binary)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired", session)
        measured = json.loads(browser.send("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True},
                                           session=session)["result"]["value"])
        metrics = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
        shot = browser.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": metrics["width"], "height": metrics["height"], "scale": 1}},
            session=session, timeout=60)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        measured["problems"] = problems(browser.events, session)
        measured["screenshot"] = {"bytes": screenshot.stat().st_size,
                                  "width": metrics["width"], "height": metrics["height"]}
        print(json.dumps(measured))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
