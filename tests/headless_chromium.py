"""Render a local HTML file in Debian's headless Chromium: screenshot, DOM and console lines.

Flags: --headless --no-sandbox --disable-gpu --disable-background-networking (and no component
update, no first run, a throw-away profile), so nothing is fetched. Used by the report.html and
compare.html tests. Skips when chromium is missing, except in CI, where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

WIDTH, HEIGHT = 1400, 2000


def chromium() -> str:
    """The chromium binary, or skip (fail in CI)."""
    found = next((c for c in ("/usr/bin/chromium", shutil.which("chromium"),
                              shutil.which("chromium-browser")) if c and os.access(c, os.X_OK)),
                 None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


@dataclass
class Rendered:
    """What headless Chromium made of a page."""

    screenshot: Path
    dom: str
    console: list[str]  # console messages, network errors and uncaught exceptions


def _problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if ":CONSOLE" in line or "net::ERR" in line or "Uncaught" in line]


def render(page: Path, work: Path) -> Rendered:
    """Screenshot (WIDTH x HEIGHT) and DOM (after scripts ran) of ``page``."""
    binary = chromium()
    shot = work / f"{page.stem}.png"
    common = [binary, "--headless", "--no-sandbox", "--disable-gpu",
              "--disable-background-networking", "--disable-component-update",
              "--no-first-run", f"--user-data-dir={work / 'profile'}",
              f"--window-size={WIDTH},{HEIGHT}", "--enable-logging=stderr", "--v=0"]
    run = subprocess.run([*common, f"--screenshot={shot}", page.resolve().as_uri()],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = subprocess.run([*common, "--dump-dom", page.resolve().as_uri()], capture_output=True,
                         text=True, timeout=120, check=False)
    assert dom.returncode == 0, dom.stderr[-2000:]
    return Rendered(shot, dom.stdout, _problems(run.stderr) + _problems(dom.stderr))


def assert_not_blank(shot: Path) -> None:
    """The screenshot is the window's size and shows more than a few colours."""
    from matplotlib import image

    assert shot.is_file() and shot.stat().st_size > 20_000
    pixels = image.imread(str(shot))
    assert pixels.shape[:2] == (HEIGHT, WIDTH)
    flat = pixels[..., :3].reshape(-1, 3)
    assert len({tuple(p) for p in flat[:: 97].tolist()}) > 20  # not blank
