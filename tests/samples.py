"""A small valid school record for tests to copy, break and add, and helpers to place it.

The record is written here rather than copied from `case_studies/`, so the tests
know every line of it and do not change when the real content is edited.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCHOOL = """\
# yaml-language-server: $schema=../../schemas/school.schema.json
id: {id}
title: {title}
summary: >-
  A secondary school on the Fenland coast where pupils run a podcast studio
  and teach the staff to edit sound.
evidence_year: 2024
facts:
  pupils: 873
  fsm_percent: 17.5
  headteacher_years_in_post: not stated
  location: A market town near the Wash
  awards_and_networks:
    - Quillwort Podcast Network
facets:
  theme:
    - pupil-voice
    - professional-learning
  phase:
    - secondary
  setting:
    - rural
  region:
    - east-midlands
leadership: >-
  A deputy head leads technology with a team of pupil producers.
sections:
  context:
    body: The school serves a wide rural area.
  how_ict_is_used:
    body: Every year group records a weekly programme.
    quotations:
      - text: The pupils taught me to edit sound.
        speaker: A teacher
  where_they_want_to_go:
    body: The school wants every pupil to publish their work.
  making_it_happen:
    body: Pupil producers train the staff in short sessions.
  who_they_involve:
    body: Pupils, staff and parents all appear on the programme.
  advice:
    - text: Let pupils lead where they know more than you.
sources:
  - source: ncsl-2007
    locator: Used here as a stand-in source for a test record
"""


def school(record_id: str = "school-f", title: str = "School F") -> str:
    return SCHOOL.format(id=record_id, title=title)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which `fragment` first occurs in `text` (it must occur exactly once)."""
    assert text.count(fragment) == 1, f"{fragment!r} should occur once"
    return text[: text.index(fragment)].count("\n") + 1


def column_of(text: str, fragment: str) -> int:
    start = text.index(fragment)
    return start - (text.rfind("\n", 0, start) + 1) + 1


def casebook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the `casebook` command as a contributor would, in its own process."""
    return subprocess.run([sys.executable, "-m", "casebook.cli", *args], capture_output=True, text=True,
                          cwd=cwd, check=False)


DIAGNOSTIC = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+)$", re.M)
