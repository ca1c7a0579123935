"""A reader's saved work is never lost (DESIGN.md): import merges item by item, newer wins by its own
date, and says what changed; a page keeps what it does not understand; other tabs' changes show.

Driven in headless Chromium against the real site. Storage layouts are described in
assets/transfer.js; `at` and `planAt` date each answer's own fields and its plan fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, expect

HEAD = "headteacher-appendix-1"
HEAD_URL = f"self-checks/{HEAD}/"
HUB_URL = "self-checks/"
KEY = "casebook:selfcheck:"
SECTION = "casebook:section:"
STORE = "/assets/casebook/store.js"
TRANSFER = "/assets/casebook/transfer.js"
T1, T2, T3 = "2026-11-01T10:00:00.000Z", "2026-11-15T10:00:00.000Z", "2026-12-01T10:00:00.000Z"


def call(page: Page, script: str, arg: Any = None) -> Any:
    """Run `script` (an async function body with `store`, `transfer` and `arg` in scope) on a page of the site."""
    return page.evaluate(
        "async ([s, t, body, arg]) => { const store = await import(new URL(s, document.baseURI));"
        " const transfer = await import(new URL(t, document.baseURI));"
        " return await (new Function('store', 'transfer', 'arg', `return (async () => { ${body} })()`))"
        "(store, transfer, arg); }",
        [STORE, TRANSFER, script, arg])


def raw(page: Page, key: str) -> Any:
    value = page.evaluate("k => localStorage.getItem(k)", key)
    return None if value is None else json.loads(value)


def put(page: Page, key: str, value: Any) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(value)])


def import_file(page: Page, data: Any, name: str = "answers.json") -> None:
    """Import `data` through the hub's own file input (the hub must be open)."""
    expect(page.locator(".cb-transfer")).to_be_visible()
    page.get_by_label("Import answers from a file").set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": json.dumps(data, separators=(",", ":")).encode()})


def status(page: Page) -> Any:
    return page.locator(".cb-transfer-status")


def open_hub(page: Page) -> None:
    page.goto(HUB_URL)
    expect(page.locator(".cb-transfer")).to_be_visible()


@contextmanager
def moved(page: Page, browser: Browser, base_url: str, file: Path) -> Iterator[Page]:
    """Export from `page`'s hub into `file`, and import it on the hub of a fresh browser profile."""
    with page.expect_download() as info:
        page.get_by_role("button", name="Export answers").click()
    info.value.save_as(file)
    other = browser.new_context(base_url=base_url)
    try:
        fresh = other.new_page()
        open_hub(fresh)
        fresh.get_by_label("Import answers from a file").set_input_files(str(file))
        yield fresh
    finally:
        other.close()


def file_of(**parts: Any) -> dict[str, Any]:
    return {"format": "casebook-selfchecks", "version": 3, "exported": T3, "checks": {}, "sections": {}, **parts}


def head_check(page: Page) -> dict[str, Any]:
    """The headteacher self-check as the hub's catalogue embeds it."""
    checks = json.loads(page.locator("#cb-selfchecks").get_attribute("data-checks") or "[]")
    return next(c for c in checks if c["id"] == HEAD)


def practices(page: Page) -> list[str]:
    """The headteacher self-check's practice ids."""
    return [q["id"] for g in head_check(page)["groups"] for q in g["questions"] if q["kind"] == "practice"]


# -- finding 2: import merges instead of replacing -----------------------------------------------


def test_import_merges_route_marks_and_draft_fields_item_by_item(page: Page) -> None:
    """Issue 23 finding 2: importing a file holding one route mark left one of two; the draft was replaced.

    Fails before the fix: transfer.js did `{...getSection(name), ...kept}`, replacing the whole `read`
    map and the whole draft `record`; the message said "Also imported 2 other saved settings".
    """
    open_hub(page)
    marks = {"guidance/vision-and-strategy.md": "2026-11-10", "case-studies/school-a.md": "2026-11-12"}
    put(page, SECTION + "route-study", {"format": 2, "updated": T2, "value": {"read": marks}})
    put(page, SECTION + "add-your-school", {"format": 2, "updated": T2, "value": {
        "version": 1, "record": {"id": "hillside", "title": "Hillside Primary"}}})
    # A version 2 file, as the hub exported before format 3.
    import_file(page, {"format": "casebook-selfchecks", "version": 2, "exported": T3, "checks": {}, "sections": {
        "route-study": {"read": {"case-studies/school-b.md": "2026-11-20"}},
        "add-your-school": {"version": 1, "record": {"facts": {"pupils": 212}}},
    }}, "one-mark.json")
    expect(status(page)).not_to_be_empty()
    assert raw(page, SECTION + "route-study")["value"]["read"] == {**marks, "case-studies/school-b.md": "2026-11-20"}
    assert raw(page, SECTION + "add-your-school")["value"] == {
        "version": 1, "record": {"id": "hillside", "title": "Hillside Primary", "facts": {"pupils": 212}}}
    expect(status(page)).to_have_text("From one-mark.json: 1 route mark added; 1 draft field added.")


def test_section_items_merge_newer_wins_by_their_own_dates(page: Page) -> None:
    open_hub(page)
    # Two marks and a draft saved here (format 2 sections: their items are as old as the last save, T2).
    put(page, SECTION + "route-study", {"format": 2, "updated": T2, "value": {"read": {
        "guidance/vision-and-strategy.md": "2026-11-10", "case-studies/school-a.md": "2026-11-12"}}})
    put(page, SECTION + "add-your-school", {"format": 2, "updated": T2, "value": {
        "version": 1, "record": {"id": "hillside", "title": "Hillside Primary"}}})
    put(page, SECTION + "jobdesc", {"format": 2, "updated": T2, "value": {
        "ticked": ["responsibility:a"], "chosen": {"point-1": "yes"}}})
    import_file(page, file_of(sections={
        "route-study": {"read": {"case-studies/school-b.md": "2026-11-20",
                                 "case-studies/school-a.md": "2026-11-01"}},
        "add-your-school": {"version": 1, "record": {"title": "Old title", "facts": {"pupils": 212}}},
        "jobdesc": {"ticked": ["responsibility:a", "quality:b"], "chosen": {"point-1": "no"}},
    }, sectionTimes={
        "route-study": {"read": {"case-studies/school-b.md": T3, "case-studies/school-a.md": T1}},
        "add-your-school": {"record": {"title": T1, "facts": T3}},
        "jobdesc": {"ticked": {"responsibility:a": T1, "quality:b": T3}, "chosen": {"point-1": T3}},
    }), "merge.json")
    expect(status(page)).to_have_text(
        "From merge.json: 1 route mark added, 1 kept (yours were newer); 1 draft field added, 1 kept (yours were "
        "newer); 1 job-description choice added, 1 updated.")
    assert raw(page, SECTION + "route-study")["value"]["read"] == {
        "guidance/vision-and-strategy.md": "2026-11-10", "case-studies/school-a.md": "2026-11-12",
        "case-studies/school-b.md": "2026-11-20"}
    assert raw(page, SECTION + "add-your-school")["value"] == {
        "version": 1, "record": {"id": "hillside", "title": "Hillside Primary", "facts": {"pupils": 212}}}
    jobdesc = raw(page, SECTION + "jobdesc")
    assert jobdesc["value"] == {"ticked": ["responsibility:a", "quality:b"], "chosen": {"point-1": "no"}}
    assert jobdesc["at"]["chosen"] == {"point-1": T3}  # the item keeps the date it was changed on

    # The same file again changes nothing, and says so.
    import_file(page, file_of(sections={"route-study": {"read": {"case-studies/school-b.md": "2026-11-20"}}}),
                "again.json")
    expect(status(page)).to_have_text("again.json held nothing that is not already saved here.")


def test_import_merges_answers_and_plan_fields_newer_wins_by_their_own_dates(page: Page) -> None:
    open_hub(page)
    q = practices(page)
    put(page, KEY + HEAD, {"format": 3, "version": 1, "updated": T2, "answers": {
        q[0]: {"status": "in-place", "at": T2, "owner": "Sam", "planAt": T1},
        q[1]: {"status": "not-yet", "at": T3},
        q[2]: {"status": "in-progress", "at": T1},
    }})
    import_file(page, file_of(checks={HEAD: {"format": 3, "version": 1, "answers": {
        q[0]: {"status": "not-yet", "at": T1, "owner": "Jo", "action": "Ask the governors", "step": "in-progress",
               "planAt": T2},
        q[1]: {"status": "in-place", "at": T2},
        q[2]: {"status": "in-place", "note": "Done in spring", "at": T2},
        q[3]: {"status": "not-yet", "at": T1, "due": "2027-03-31", "done": "2027-01-05", "step": "done",
               "planAt": T1},
    }}}), "plan.json")
    expect(status(page)).to_have_text(
        "From plan.json: 1 answer added, 1 updated, 2 kept (yours were newer); 1 plan action added, 1 updated.")
    answers = raw(page, KEY + HEAD)["answers"]
    assert answers[q[0]] == {"status": "in-place", "at": T2, "owner": "Jo", "action": "Ask the governors",
                             "step": "in-progress", "planAt": T2}
    assert answers[q[1]] == {"status": "not-yet", "at": T3}
    assert answers[q[2]] == {"status": "in-place", "note": "Done in spring", "at": T2}
    assert answers[q[3]] == {"status": "not-yet", "at": T1, "due": "2027-03-31", "done": "2027-01-05",
                             "step": "done", "planAt": T1}


# -- finding 3: an older page keeps what a newer one saved --------------------------------------


def test_an_older_page_keeps_answers_saved_by_a_newer_one(page: Page) -> None:
    """Issue 23 finding 3: a tab on an older copy of a self-check rewrote the record with only its
    own questions and version. Fails before the fix: `load` -> `clean` dropped the unknown question
    and the page wrote back what it kept (and `update` wrote `version: 1`)."""
    open_hub(page)
    q = practices(page)
    # Saved in format 2 by a newer copy of the page (version 7), with a question and a field this one lacks.
    put(page, KEY + HEAD, {"format": 2, "version": 7, "updated": T2, "answers": {
        q[0]: {"status": "in-place", "evidence": {"kind": "a field of a newer page"}},
        "a-question-from-a-newer-version": {"status": "in-progress", "note": "keep me"},
    }})
    # Upgraded on reading: each answer dated by the record's last save.
    saved: dict[str, Any] = {"format": 3, "version": 7, "updated": T2, "answers": {
        q[0]: {"status": "in-place", "at": T2, "evidence": {"kind": "a field of a newer page"}},
        "a-question-from-a-newer-version": {"status": "in-progress", "note": "keep me", "at": T2},
    }}
    page.goto(HEAD_URL)
    section = page.locator("section.cb-selfcheck")
    expect(section.locator(".cb-sc-tools")).to_be_visible()
    assert raw(page, KEY + HEAD) == saved  # nothing lost on reading
    expect(section.locator(".cb-sc-notice")).to_have_text(
        "1 saved answer to questions this page does not show (saved for version 7; this is version 1) is kept "
        "in this browser and in your exports: a-question-from-a-newer-version.")
    item = section.locator(f'li[data-question="{q[1]}"]')
    item.get_by_role("radio", name="Not yet", exact=True).check()
    record = raw(page, KEY + HEAD)
    assert record["version"] == 7
    assert record["answers"][q[0]] == saved["answers"][q[0]]
    assert record["answers"]["a-question-from-a-newer-version"] == saved["answers"]["a-question-from-a-newer-version"]
    assert record["answers"][q[1]]["status"] == "not-yet"
    # Reset clears what this page shows; the newer page's answer stays.
    page.once("dialog", lambda d: d.accept())
    section.get_by_role("button", name="Reset this self-check").click()
    expect(section.locator(".cb-sc-notice")).to_have_text("Your answers to this self-check were cleared.")
    assert list(raw(page, KEY + HEAD)["answers"]) == ["a-question-from-a-newer-version"]


def test_a_record_of_a_newer_format_is_shown_and_never_written(page: Page) -> None:
    open_hub(page)
    q = practices(page)
    newer = {"format": 4, "version": 1, "answers": {q[0]: {"status": "in-place", "confidence": 3}}}
    put(page, KEY + HEAD, newer)
    page.goto(HEAD_URL)
    section = page.locator("section.cb-selfcheck")
    expect(section.locator(".cb-sc-tools")).to_be_visible()
    expect(section.locator(".cb-sc-notice")).to_contain_text("saved by a newer version of this library")
    item = section.locator(f'li[data-question="{q[0]}"]')
    expect(item.get_by_role("radio", name="In place", exact=True)).to_be_checked()
    expect(item.get_by_role("radio", name="Not yet", exact=True)).to_be_disabled()
    expect(section.get_by_role("button", name="Reset this self-check")).to_be_disabled()
    assert call(page, "return store.update({id: arg, version: 1, questions: new Map()}, 'x', {status: 'in-place'});",
                HEAD) is None
    open_hub(page)
    import_file(page, file_of(checks={HEAD: {"format": 3, "version": 1, "answers": {
        q[0]: {"status": "not-yet", "at": T3}}}}), "over.json")
    expect(status(page)).to_have_text(
        "over.json held nothing that is not already saved here. Kept 1 record here unchanged, saved by a newer "
        f"version of this library: {head_check(page)['title']}.")
    assert raw(page, KEY + HEAD) == newer


# -- other tabs ----------------------------------------------------------------------------------


def test_another_tabs_answers_show_on_the_self_check_page_and_the_hub(page: Page) -> None:
    page.goto(HEAD_URL)
    section = page.locator("section.cb-selfcheck")
    expect(section.locator(".cb-sc-tools")).to_be_visible()
    hub = page.context.new_page()
    open_hub(hub)
    other = page.context.new_page()
    other.goto(HEAD_URL)
    other_section = other.locator("section.cb-selfcheck")
    expect(other_section.locator(".cb-sc-tools")).to_be_visible()
    first = other_section.locator("li.cb-question[data-kind=practice]").first
    first.get_by_role("radio", name="In place", exact=True).check()
    first.get_by_role("textbox", name="Note (optional)").fill("From the other tab")
    mine = section.locator("li.cb-question[data-kind=practice]").first
    expect(mine.get_by_role("radio", name="In place", exact=True)).to_be_checked()
    expect(mine.get_by_role("textbox", name="Note (optional)")).to_have_value("From the other tab")
    expect(section.locator(".cb-progress-text")).to_contain_text("1 of")
    expect(hub.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_have_text(
        re.compile(r"^1 of \d+ answered, 1 in place$"))


# -- messages count every kind of saved progress (issue 27 item 3) -------------------------------


def test_export_and_import_messages_count_route_marks_and_every_other_kind(page: Page, browser: Browser,
                                                                           base_url: str, tmp_path: Path) -> None:
    """Issue 27.3: with only route marks saved, export said "You have no answers to export yet; the file is
    empty" and the import of that file "held no answers"."""
    open_hub(page)
    call(page, "store.setSection('route-study', {read: {'a.md': '2026-12-01', 'b.md': '2026-12-02'}});"
               "store.setSection('jobdesc', {ticked: ['quality:x'], school: 'Hillside'}); return null;")
    with moved(page, browser, base_url, tmp_path / "marks.json") as fresh:
        expect(status(page)).to_have_text("Exported 2 route marks and 2 job-description choices. Import the file "
                                          "on the other device, on this page.")
        expect(status(fresh)).to_have_text("From marks.json: 2 route marks added; 2 job-description choices added.")
        assert raw(fresh, SECTION + "route-study")["value"] == {"read": {"a.md": "2026-12-01", "b.md": "2026-12-02"}}
        with fresh.expect_download():
            fresh.get_by_role("button", name="Export answers").click()
        expect(status(fresh)).to_contain_text("Exported 2 route marks and 2 job-description choices.")
    page.evaluate("localStorage.clear()")
    with page.expect_download():
        page.get_by_role("button", name="Export answers").click()
    expect(status(page)).to_have_text("You have nothing saved in this browser to export yet; the file is empty.")


def test_an_import_naming_150000_unknown_self_checks_says_so_in_one_short_sentence(page: Page) -> None:
    """Issue 23 finding 14: the message listed every name (10 MB into a live region)."""
    open_hub(page)
    checks = {f"c{i}": 0 for i in range(150_000)}
    import_file(page, file_of(checks=checks), "many.json")
    expect(status(page)).to_have_text(
        "many.json held no saved work to import. Skipped answers to 150,000 self-checks this library does not "
        "have: c0, c1, c2 and 149,997 more.")


# -- round trip and older files ------------------------------------------------------------------


def test_every_field_round_trips_and_format_2_files_import(page: Page, browser: Browser, base_url: str,
                                                           tmp_path: Path) -> None:
    open_hub(page)
    q = practices(page)
    call(page, """
        const check = {id: arg.id, version: 1, questions: new Map(arg.q.map((id) => [id, 'practice']))};
        store.update(check, arg.q[0], {status: 'not-yet', note: 'n', owner: 'Sam', due: '2027-03-31',
          action: 'Ask governors', step: 'done', done: '2027-01-05'});
        store.update(check, arg.q[1], {status: 'in-place'});
        store.update(check, arg.q[2], {action: 'x'.repeat(501)});  // too long: refused
        return null;""", {"id": HEAD, "q": q})
    before = raw(page, KEY + HEAD)
    assert set(before["answers"]) == {q[0], q[1]}
    with moved(page, browser, base_url, tmp_path / "all.json") as fresh:
        expect(status(fresh)).to_have_text("From all.json: 2 answers added; 1 plan action added.")
        assert raw(fresh, KEY + HEAD)["answers"] == before["answers"]  # every field and both dates

        # A version 2 file (format 2 records, sections without dates) imports as before: its answers are
        # dated by their record's last save, so a newer answer here is kept.
        v2 = {"format": "casebook-selfchecks", "version": 2, "exported": T2,
              "checks": {HEAD: {"format": 2, "version": 1, "updated": T1, "answers": {
                  q[1]: {"status": "not-yet"}, q[2]: {"status": "in-progress", "owner": "Jo"}}}},
              "sections": {"action-plan": {"school": "Hillside Primary"}}}
        import_file(fresh, v2, "v2.json")
        expect(status(fresh)).to_have_text(
            "From v2.json: 1 answer added, 1 kept (yours were newer); 1 plan action added; "
            "1 action-plan setting added.")
        assert raw(fresh, KEY + HEAD)["answers"][q[2]] == {"status": "in-progress", "at": T1, "owner": "Jo",
                                                            "planAt": T1}


# -- the property: nothing the reader saved is lost ----------------------------------------------

ANSWER = ("status", "note", "act")
PLAN = ("owner", "due", "action", "step", "done")
NEWER_Q = "from-a-newer-version"

patches = st.fixed_dictionaries({"status": st.sampled_from(["not-yet", "in-progress", "in-place", None])}, optional={
    "note": st.sampled_from(["a", "b", ""]),
    "owner": st.sampled_from(["Sam", "Jo", None]),
    "action": st.sampled_from(["Ask", "Plan"]),
    "step": st.sampled_from(["not-started", "in-progress", "done"]),
    "done": st.sampled_from(["2027-01-05", None]),
})
OPS = {
    "answer": st.tuples(st.just("answer"), st.integers(0, 1), st.sampled_from(["old", "now", "new"]),
                        st.integers(0, 2), patches),
    "clear": st.tuples(st.just("clear"), st.integers(0, 1), st.sampled_from(["old", "now", "new"]), st.integers(0, 2)),
    "reset": st.tuples(st.just("reset"), st.integers(0, 1), st.sampled_from(["old", "now", "new"])),
    "mark": st.tuples(st.just("mark"), st.integers(0, 1), st.sampled_from(["a.md", "b.md"]), st.booleans()),
    "export": st.tuples(st.just("export"), st.integers(0, 1)),
    "import": st.tuples(st.just("import"), st.integers(0, 1), st.integers(0, 5),
                        st.sampled_from(["old", "now", "new"])),
}
# Answers, exports and imports are drawn more often than the rest: the telling runs interleave them.
ops = st.sampled_from(["answer"] * 3 + ["export"] * 2 + ["import"] * 2 + ["clear", "reset", "mark", "mark"]).flatmap(
    OPS.__getitem__)

DUMP = "JSON.stringify(Object.entries(localStorage).filter(([k]) => k.startsWith('casebook:')).sort())"
# Each op waits for the clock to move on first, so that every write has a date later than the last.
TICK = "const t0 = Date.now(); while (Date.now() === t0) {}"


class Model:
    """What the reader saved, per question part and per route mark, with a logical clock."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str, str], tuple[dict[str, Any], int]] = {}
        self.marks: dict[str, tuple[str, int]] = {}
        self.clock = 0

    def tick(self) -> int:
        self.clock += 1
        return self.clock

    def patch(self, qid: str, patch: dict[str, Any]) -> None:
        now = self.tick()
        for part, fields in (("answer", ANSWER), ("plan", PLAN)):
            if not any(f in patch for f in fields):
                continue
            old = self.parts.get((qid, part), ({}, 0))[0]
            new = dict(old)
            for f in fields:
                if f in patch:
                    if patch[f] in (None, "", False):
                        new.pop(f, None)
                    else:
                        new[f] = patch[f]
            if new == old:
                continue
            if new:
                self.parts[(qid, part)] = (new, now)
            else:
                self.parts.pop((qid, part), None)

    def merge(self, snapshot: Model) -> None:
        for key, (fields, when) in snapshot.parts.items():
            mine = self.parts.get(key)
            if mine is None or (mine[0] != fields and when > mine[1]):
                self.parts[key] = (fields, when)
            elif mine[0] != fields:
                event("an import kept a newer answer")
        for page, (value, when) in snapshot.marks.items():
            mine_mark = self.marks.get(page)
            if mine_mark is None or (mine_mark[0] != value and when > mine_mark[1]):
                self.marks[page] = (value, when)

    def copy(self) -> Model:
        other = Model()
        other.parts, other.marks, other.clock = dict(self.parts), dict(self.marks), self.clock
        return other

    def answers(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for (qid, _), (fields, _) in self.parts.items():
            out.setdefault(qid, {}).update(fields)
        return out


@pytest.fixture
def tabs(page: Page) -> list[Page]:
    """Pages of one browser context (one localStorage): two tabs that save (the hub and the plan),
    and the self-check page, which only watches."""
    open_hub(page)
    plan = page.context.new_page()
    plan.goto("self-checks/action-plan/")
    viewer = page.context.new_page()
    viewer.goto(HEAD_URL)
    expect(viewer.locator("section.cb-selfcheck .cb-sc-tools")).to_be_visible()
    return [page, plan, viewer]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(ops, min_size=8, max_size=20))
# An older file never undoes a later answer, in either tab, nor a later route mark.
@example(steps=[("answer", 0, "now", 0, {"status": "in-place"}), ("mark", 1, "a.md", True), ("export", 1),
                ("answer", 1, "old", 0, {"status": "not-yet"}), ("mark", 0, "a.md", False), ("import", 0, 0, "new")])
def test_nothing_the_reader_saved_is_lost(tabs: list[Page], steps: list[tuple[Any, ...]]) -> None:
    hub, _, check_page = tabs
    hub.evaluate("localStorage.clear()")
    q = practices(hub)[:2]
    # The same questions, as pages of three versions know them: the old lacks one, the new has one more.
    variants = {"old": (0, q[:1]), "now": (1, q), "new": (2, [NEWER_Q, *q])}
    model = Model()
    files: list[tuple[str, Model]] = []
    make = "const check = {id: arg.id, version: arg.version, questions: new Map(arg.q.map((id) => [id, 'practice']))};"
    for step in steps:
        op, tab = step[0], tabs[step[1]]
        event(op)
        if op in ("answer", "clear", "reset"):
            version, known = variants[step[2]]
            arg = {"id": HEAD, "version": version, "q": known}
            if op == "reset":
                call(tab, f"{TICK} {make} return store.clearAll(check);", arg)
                for qid in known:
                    model.patch(qid, {f: None for f in ANSWER + PLAN})
                continue
            qid = known[step[3] % len(known)]
            patch = step[4] if op == "answer" else {f: None for f in ANSWER + PLAN}
            assert call(tab, f"{TICK} {make} return store.update(check, arg.qid, arg.patch) !== null;",
                        {**arg, "qid": qid, "patch": patch})
            model.patch(qid, patch)
        elif op == "mark":
            _, _, page_key, on = step
            value = call(tab, f"""{TICK}
                const read = {{...(store.getSection('route-study').read || {{}})}};
                if (arg.on) read[arg.key] = '2026-12-0' + (arg.key === 'a.md' ? '1' : '2'); else delete read[arg.key];
                store.setSection('route-study', Object.keys(read).length ? {{read}} : {{}});
                return read[arg.key] || null;""", {"key": page_key, "on": on})
            now = model.tick()
            if value is None:
                model.marks.pop(page_key, None)
            elif model.marks.get(page_key, (None, 0))[0] != value:
                model.marks[page_key] = (value, now)
        elif op == "export":
            text = call(tab, f"{TICK} return JSON.stringify(transfer.exportAll([]));")
            files.append((text, model.copy()))
        elif op == "import" and files:
            text, snapshot = files[step[2] % len(files)]
            version, known = variants[step[3]]
            call(tab, f"{TICK} {make} transfer.importAll(arg.text, [check]); return null;",
                 {"id": HEAD, "version": version, "q": known, "text": text})
            model.tick()
            model.merge(snapshot)
        # A reader moves between tabs in seconds; Chromium hands a write to the other tabs' copies of
        # storage in milliseconds, asynchronously: wait for that, as the reader's own pace does.
        state = tab.evaluate(DUMP)
        for other in tabs:
            if other is not tab and other.evaluate(DUMP) != state:
                other.wait_for_function(f"() => ({DUMP}) === {json.dumps(state)}", polling=5)
        # Nothing the reader saved is lost, whichever tab or catalogue wrote last.
        record = raw(hub, KEY + HEAD)
        stored = {qid: {k: v for k, v in a.items() if k not in ("at", "planAt")}
                  for qid, a in (record or {"answers": {}})["answers"].items()}
        assert stored == model.answers(), step
        section = raw(hub, SECTION + "route-study")
        assert (section["value"]["read"] if section else {}) == {k: v for k, (v, _) in model.marks.items()}, step
    # The self-check page in the other tab shows what is saved (the storage event refreshed it).
    expected = model.answers()
    for qid in q:
        radio = check_page.locator(f'li[data-question="{qid}"] input[type=radio]:checked')
        status_now = expected.get(qid, {}).get("status")
        if status_now:
            expect(radio).to_have_value(status_now)
        else:
            expect(radio).to_have_count(0)
