"""Run a page in headless Chromium (the plain CLI, no Python dependency) for browser tests.

Tests skip when Chromium is missing, but fail instead when ``GEO_REQUIRE_BROWSER=1``
(CI sets it, so a broken browser setup cannot pass silently).
"""

from __future__ import annotations

import os
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
    "--virtual-time-budget=10000",
)


def chromium() -> str:
    """Return the Chromium executable, or skip (fail under GEO_REQUIRE_BROWSER=1)."""
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if path:
        return path
    message = f"Chromium not found at {CHROMIUM} or on PATH"
    if os.environ.get("GEO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message}, and GEO_REQUIRE_BROWSER=1")
    pytest.skip(message)


def _run(page: Path, *extra: str) -> str:
    with tempfile.TemporaryDirectory(prefix="geo-chromium-") as profile:
        result = subprocess.run(
            [chromium(), *_FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
        )
    if result.returncode != 0:
        raise AssertionError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout


def dump_dom(page: Path) -> str:
    """Return the serialized DOM of ``page`` after its scripts ran."""
    return _run(page, "--dump-dom")


def screenshot(page: Path, png: Path, size: tuple[int, int] = (1200, 800)) -> Path:
    """Return ``png`` after writing a screenshot of ``page`` to it."""
    _run(page, f"--screenshot={png}", f"--window-size={size[0]},{size[1]}")
    if not png.is_file():
        raise AssertionError(f"chromium wrote no screenshot to {png}")
    return png
