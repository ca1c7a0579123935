"""`mkdocs serve` with a broken content file answers with the errors instead of leaving the browser waiting.

A real `mkdocs serve --strict` runs on a free port over a scratch copy of the project
whose new school file has mistakes. The page the contributor opens lists every error
with its file, line and column; the field reference still builds, with a banner; and
once the file is fixed the same address shows the school. `mkdocs build` still fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.accessibility import serious_violations
from tests.conftest import copy_project
from tests.samples import line_of, school

pytestmark = pytest.mark.plugin_only

BROKEN = (school("school-f", "School F").replace("pupils: 873", "pupils: lots")
          .replace("    - rural\n", "    - rurall\n"))
"""Two mistakes of different kinds: a fact of the wrong type and a facet value the taxonomy lacks."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, seconds: float, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"mkdocs serve exited with {process.returncode}:\n{process.stdout.read()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with this page
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"mkdocs serve did not answer at {url} within {seconds} s")


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A scratch project with a broken school file, served by `mkdocs serve --strict` (a real process)."""
    project = copy_project(tmp_path / "project")
    (project / "case_studies" / "schools" / "school-f.yaml").write_text(BROKEN, encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_for(url, 120, process)
        yield project, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_shows_every_content_error_with_its_file_and_line(serving: tuple[Path, str], browser) -> None:  # type: ignore[no-untyped-def]
    project, url = serving
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        # The page the contributor had open answers at once, instead of waiting for a good build.
        response = page.goto(f"{url}case-studies/school-f/", timeout=20_000)
        assert response is not None and response.status == 200
        alert = page.locator(".cb-content-errors[role=alert]")
        text = alert.inner_text()
        pupils = line_of(BROKEN, "pupils: lots")
        setting = line_of(BROKEN, "- rurall")
        assert f"case_studies/schools/school-f.yaml:{pupils}:11" in text
        assert f"case_studies/schools/school-f.yaml:{setting}:7" in text
        assert "2 content errors" in text
        assert page.locator(".cb-error-list > li").count() == 2
        assert not serious_violations(page)
        # The library pages in the navigation answer with the same list.
        page.goto(f"{url}case-studies/")
        assert "school-f.yaml" in page.locator(".cb-content-errors").inner_text()
        # The field reference, a hand-written page, is readable meanwhile, with a banner to the errors.
        page.get_by_role("link", name="field reference").first.click()
        page.wait_for_url("**/contributing/reference/")
        # Instant navigation changes the address before it swaps the content in: wait for the content.
        banner = page.locator(".cb-content-errors-banner")
        expect(banner).to_contain_text("2 errors")
        expect(page.locator("code", has_text="facts.pupils").first).to_be_attached()
        assert not serious_violations(page, ".cb-content-errors-banner")
        banner.get_by_role("link").click()
        page.wait_for_selector(".cb-content-errors .cb-error-list")

        # Fixed, the same address shows the school once the rebuild is done.
        (project / "case_studies" / "schools" / "school-f.yaml").write_text(school("school-f", "School F"),
                                                                             encoding="utf-8")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            page.goto(f"{url}case-studies/school-f/")
            if page.locator("h1").first.inner_text().strip() == "School F":
                break
            time.sleep(1)
        assert page.locator("h1").first.inner_text().strip() == "School F"
        assert page.locator(".cb-content-errors").count() == 0

        # Broken again after a good build: the errors replace the page, not the last good copy of it.
        (project / "case_studies" / "schools" / "school-f.yaml").write_text(BROKEN, encoding="utf-8")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            page.goto(f"{url}case-studies/school-f/")
            if page.locator(".cb-content-errors").count():
                break
            time.sleep(1)
        assert "2 content errors" in page.locator(".cb-content-errors").inner_text()

        # What the sanitiser would remove is an error under --strict: shown too, not a failed rebuild.
        hostile = school("school-f", "School F").replace("The pupils taught me to edit sound.",
                                                          "The pupils taught me [to edit](javascript:alert(1)) sound.")
        (project / "case_studies" / "schools" / "school-f.yaml").write_text(hostile, encoding="utf-8")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            page.goto(f"{url}case-studies/school-f/")
            if "javascript:alert(1)" in page.locator("body").inner_text():
                break
            time.sleep(1)
        where = f"case_studies/schools/school-f.yaml:{line_of(hostile, 'javascript:')}:"
        assert where in page.locator(".cb-content-errors").inner_text()
        assert "an error under --strict" in page.locator(".cb-content-errors").inner_text()
    finally:
        context.close()


def test_build_still_fails_on_content_errors(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "case_studies" / "schools" / "school-f.yaml").write_text(BROKEN, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert f"case_studies/schools/school-f.yaml:{line_of(BROKEN, 'pupils: lots')}:11: error:" in result.stderr
    assert not (tmp_path / "site" / "case-studies" / "school-f" / "index.html").exists()
