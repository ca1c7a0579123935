"""The skip policy (tests/skip_policy.py): under CI=true only the deliberate skips stay skips."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = '''
import pytest

def test_texts_absent():
    pytest.skip("source texts not found in /x: no licence to redistribute them is recorded")

def test_nothing_to_break():
    pytest.skip("no anchored reference to break")

@pytest.mark.skipif(True, reason="node is not installed")
def test_no_node():
    pass

def test_runs():
    pass
'''


def outcomes(tmp_path: Path, ci: str | None) -> dict[str, str]:
    (tmp_path / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": ci} if ci is not None else {})
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.skip_policy", "-v", "-p", "no:cacheprovider",
                             "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path / "test_sample.py")],
                            capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    return dict(re.findall(r"::(test_\w+) (PASSED|FAILED|SKIPPED|ERROR)", result.stdout))


def test_under_ci_only_a_deliberate_skip_stays_a_skip(tmp_path: Path) -> None:
    # A skip in the body fails the test; a skip mark (raised while setting up) is an error: both fail the run.
    assert outcomes(tmp_path, "true") == {"test_texts_absent": "SKIPPED", "test_nothing_to_break": "FAILED",
                                          "test_no_node": "ERROR", "test_runs": "PASSED"}


def test_outside_ci_every_skip_is_a_skip(tmp_path: Path) -> None:
    assert outcomes(tmp_path, None) == {"test_texts_absent": "SKIPPED", "test_nothing_to_break": "SKIPPED",
                                        "test_no_node": "SKIPPED", "test_runs": "PASSED"}
