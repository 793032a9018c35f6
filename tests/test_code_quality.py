"""The code's own checks, run with the tests: types (mypy), lint and layout (ruff).

Each runs the tool the ``[test]`` extra installs on the whole package, as a
newcomer's editor would, and fails with the tool's own report.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # processes: `-m "not slow"` leaves it out


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_package_type_checks() -> None:
    # The files and settings are in pyproject.toml's [tool.mypy].
    result = _run("mypy", "--no-error-summary")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_code_passes_the_linter() -> None:
    result = _run("ruff", "check", "geo", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_code_is_formatted() -> None:
    result = _run("ruff", "format", "--check", "geo", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
