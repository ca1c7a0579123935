"""Rendering pages on every processor core the build may use.

Rendering is pure Python (Jinja and Markdown) and so holds one core; at a few thousand
records it was most of the plugin's share of a build. Forked worker processes inherit the
loaded library as it stands, so nothing has to be sent to them but page numbers, and they
send back only Markdown text. The pages come back in the order `Renderer.jobs` gives them.

Only where forking is safe and worth it: on Linux (forking is the default there, and only
there is it well supported), in a process with no other threads (under `mkdocs serve` the
file watcher and the web server run in threads, and a fork copies any lock they hold), and
for more than a few hundred pages. Anywhere else the pages are rendered here, one by one,
with the very same result.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading

from .render import Job, Page, Renderer

MIN_PAGES = 300
"""Fewer pages than this render in well under a second: not worth starting processes for."""

MAX_PROCESSES = 8

_work: tuple[Renderer, list[Job]] | None = None
"""What the forked workers render from: set just before they are made, cleared after."""


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return (sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def render_pages(renderer: Renderer, processes: int = 0) -> list[Page]:
    """Every page of `renderer`, in order, using up to `processes` processes (0: one per usable core)."""
    global _work
    jobs = renderer.jobs()
    processes = min(processes or usable_cores(), MAX_PROCESSES, max(1, len(jobs) // (MIN_PAGES // 2)))
    if processes < 2 or len(jobs) < MIN_PAGES or not can_fork():
        return [renderer.render(job) for job in jobs]
    pages: list[Page | None] = [None] * len(jobs)
    # One page of each template first, here: a template is compiled, and what its pages share is
    # worked out (the renderer's caches), once, before the fork, not again in every worker.
    first = {job.template: index for index, job in reversed(list(enumerate(jobs)))}
    for index in sorted(first.values()):
        pages[index] = renderer.render(jobs[index])
    rest = [index for index in range(len(jobs)) if pages[index] is None]
    # Pages of one kind cost alike and kinds differ: dealing them out in turn evens the shares.
    shares = [rest[start::processes] for start in range(processes)]
    _work = (renderer, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(processes - 1) as pool:
            pending = [pool.apply_async(_render_share, (share,)) for share in shares[1:]]
            done = {0: _render_share(shares[0])}  # this process takes a share meanwhile
            done.update((number, result.get()) for number, result in enumerate(pending, 1))
    finally:
        _work = None
    for number, share in enumerate(shares):
        for index, page in zip(share, done[number], strict=True):
            pages[index] = page
    return pages  # type: ignore[return-value]


def _render_share(share: list[int]) -> list[Page]:
    assert _work is not None, "render_pages sets the work before forking"
    renderer, jobs = _work
    return [renderer.render(jobs[index]) for index in share]
