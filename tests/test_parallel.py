"""Pages rendered by forked worker processes are the very pages rendered one by one, in order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from casebook import parallel
from casebook.library import load_library
from casebook.render import Job, Linker, Page, Renderer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def renderer() -> Renderer:
    return Renderer(load_library(ROOT / "case_studies", ROOT), Linker())


def test_forked_rendering_gives_the_same_pages_in_order(renderer: Renderer, monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    if "fork" not in parallel.multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    # The real site has a few dozen pages; let it fork for those, even if the test runner has threads.
    monkeypatch.setattr(parallel, "MIN_PAGES", 2)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    expected = list(renderer.pages())
    original = renderer.render

    def render(job: Job) -> Page:
        (tmp_path / f"pid-{os.getpid()}").write_text("")
        return original(job)

    monkeypatch.setattr(renderer, "render", render)  # inherited by the forked workers
    rendered = parallel.render_pages(renderer, processes=3)
    assert rendered == expected
    assert len(list(tmp_path.glob("pid-*"))) == 3, "three processes should each have rendered a share"
    assert parallel._work is None


def test_small_sites_and_threaded_processes_render_here(renderer: Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(*args: object, **kwargs: object) -> None:
        raise AssertionError("should not fork")

    monkeypatch.setattr(parallel.multiprocessing, "get_context", no_fork)
    expected = list(renderer.pages())
    assert parallel.render_pages(renderer, processes=4) == expected  # too few pages
    monkeypatch.setattr(parallel, "MIN_PAGES", 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # as under `mkdocs serve`
    assert parallel.render_pages(renderer, processes=4) == expected
    assert parallel.render_pages(renderer, processes=1) == expected
