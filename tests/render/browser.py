"""Run a page in headless Chromium (the plain CLI, no Python dependency) for browser tests.

Tests skip when Chromium is missing, but fail instead when ``GEO_REQUIRE_BROWSER=1``
(CI sets it, so a broken browser setup cannot pass silently).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_S = 60

# Every host name resolves to nothing: the page is tested as if offline, and the
# test never depends on (or waits for) the network.
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
# Timers run in virtual time, so a page's delayed work is done when the DOM is read;
# performance.now() still measures the real time the scripts take.
VIRTUAL_TIME_MS = 10000


def chromium() -> str:
    """Return the Chromium executable, or skip (fail under GEO_REQUIRE_BROWSER=1)."""
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if path:
        return path
    message = f"Chromium not found at {CHROMIUM} or on PATH"
    if os.environ.get("GEO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message}, and GEO_REQUIRE_BROWSER=1")
    pytest.skip(message)


def _run(page: Path, *extra: str, budget_ms: int = VIRTUAL_TIME_MS) -> str:
    with tempfile.TemporaryDirectory(prefix="geo-chromium-") as profile:
        result = subprocess.run(
            [
                chromium(),
                *_FLAGS,
                f"--virtual-time-budget={budget_ms}",
                f"--user-data-dir={profile}",
                *extra,
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    if result.returncode != 0:
        raise AssertionError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout


def dump_dom(page: Path) -> str:
    """Return the serialized DOM of ``page`` after its scripts ran."""
    return _run(page, "--dump-dom")


def screenshot(page: Path, png: Path, size: tuple[int, int] = (1200, 800)) -> Path:
    """Return ``png`` after writing a screenshot of ``page`` to it.

    Headless Chromium lays a page out in a viewport shorter than the window (it
    keeps room for browser chrome) and grows it for the shot without running
    animation frames, so scripts never see the final size. The page is shot
    from a copy whose height is fixed to the window's, so its layout is final.
    """
    with tempfile.TemporaryDirectory(prefix="geo-shot-") as folder:
        fixed = Path(folder) / page.name
        text = page.read_text(encoding="utf-8")
        style = f"<style>html, body {{ height: {size[1]}px !important; }}</style>"
        fixed.write_text(text.replace("</head>", style + "</head>", 1), encoding="utf-8")
        _run(fixed, f"--screenshot={png.resolve()}", f"--window-size={size[0]},{size[1]}")
    if not png.is_file():
        raise AssertionError(f"chromium wrote no screenshot to {png}")
    return png


# Installed first thing in a page under test: every uncaught error and rejected
# promise is kept, for the probe to write into the DOM.
ERROR_COLLECTOR = (
    "<script>window.__geoErrors = [];"
    "window.addEventListener('error', function (e) { window.__geoErrors.push("
    "String(e.message) + ' @' + e.lineno + ':' + e.colno); });"
    "window.addEventListener('unhandledrejection', function (e) { window.__geoErrors.push("
    "'rejection: ' + String(e.reason)); });</script>"
)


def probe_page(
    page_html: str, probe_js: str, *, delay_ms: int = 300, wait_for: str | None = None
) -> str:
    """Return ``page_html`` with the error collector first and ``probe_js`` run after load.

    ``probe_js`` is the body of a function returning a JSON-able value; its
    result (and the errors collected) land in ``<body data-probe>``, which
    :func:`run_probe` reads back. ``wait_for``: a JavaScript expression the probe
    waits for (checked every 50 ms after the delay, at most a minute), such as a
    large map's incidents being read.
    """
    ready = (
        f"function () {{ return !!({wait_for}); }}" if wait_for else "function () { return true; }"
    )
    probe = (
        "<script>window.addEventListener('load', function () { var tries = 0;"
        "function go() { var ready = false; try { ready = (" + ready + ")(); } catch (e) {}"
        "if (!ready && tries++ < 1200) { setTimeout(go, 50); return; }"
        "var result; try { result = (function () {" + probe_js + "})(); }"
        " catch (e) { window.__geoErrors.push('probe: ' + e.message + ' ' + e.stack); }"
        "document.body.setAttribute('data-probe', JSON.stringify({result: result,"
        " errors: window.__geoErrors})); } setTimeout(go, " + str(delay_ms) + "); });</script>"
    )
    if "<head>" in page_html:
        page_html = page_html.replace("<head>", "<head>" + ERROR_COLLECTOR, 1)
    else:
        page_html = ERROR_COLLECTOR + page_html
    return (
        page_html.replace("</body>", probe + "</body>", 1)
        if "</body>" in page_html
        else page_html + probe
    )


def run_probe(
    path: Path,
    page_html: str,
    probe_js: str,
    *,
    delay_ms: int = 300,
    budget_ms: int | None = None,
    wait_for: str | None = None,
) -> tuple[dict, str]:
    """Return (the probe's {result, errors}, the DOM) after Chromium ran ``page_html``."""
    path.write_text(
        probe_page(page_html, probe_js, delay_ms=delay_ms, wait_for=wait_for), encoding="utf-8"
    )
    dom = _run(path, "--dump-dom", budget_ms=budget_ms or VIRTUAL_TIME_MS)
    found = re.search(r'<body[^>]*\sdata-probe="([^"]*)"', dom)
    if not found:
        raise AssertionError("the probe did not run: the page's scripts failed to load")
    return json.loads(html.unescape(found[1])), dom


def main(argv: list[str]) -> int:
    """``python tests/browser.py screenshot PAGE.html OUT.png [WIDTHxHEIGHT]``."""
    if len(argv) not in (3, 4) or argv[0] != "screenshot":
        print("usage: python tests/browser.py screenshot PAGE.html OUT.png [WIDTHxHEIGHT]")
        return 2
    size = tuple(int(v) for v in argv[3].split("x")) if len(argv) == 4 else (1200, 800)
    print(screenshot(Path(argv[1]), Path(argv[2]), size))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
