"""Synthetic content for the benchmarks: N valid records of every kind, made from the real ones.

Each synthetic record is a copy of a real record of its kind (so pages have realistic
length and structure) with a new id, facet values drawn from `taxonomy.yaml`, varied school
facts, and its cross-references pointed at other synthetic records where one exists. Every
synthetic guidance theme carries a self-check attached to it. The real content stays in
place, so the result is the real library grown by N records of each kind.
"""

from __future__ import annotations

import copy
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("schools", "roles", "cpd", "guidance", "findings", "self-checks")
_REF = re.compile(r"^(schools|roles|cpd|guidance|self-checks|findings)/([a-z0-9]+(?:-[a-z0-9]+)*)(#[a-z0-9-]+)?$")
SINGLE_VALUED = {"phase", "size-band", "setting", "region", "leadership-model"}
"""Facets a school has one value of; the others take a few values."""


def copy_project(target: Path) -> Path:
    """A scratch copy of the project's site sources: content, hand-written pages, configuration."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "case_studies", "schemas"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def synthetic_id(index: int, template_id: str) -> str:
    return f"syn{index:04d}-{template_id}"[:80].rstrip("-")


class Generator:
    """Writes N synthetic records of every kind into the content folder of a project copy."""

    def __init__(self, content: Path, n: int, seed: int = 7) -> None:
        self.content = content
        self.n = n
        self.rng = random.Random(seed)
        taxonomy = _load(content / "taxonomy.yaml")
        self.values = {f["id"]: [v["id"] for v in f["values"]] for f in taxonomy["facets"]}
        self.templates = {kind: [_load(p) for p in sorted((content / kind).glob("*.yaml"))] for kind in KINDS}
        # Synthetic record `i` of a kind copies template `i % len(templates)`.
        self.position = {kind: {t["id"]: i for i, t in enumerate(ts)} for kind, ts in self.templates.items()}

    def ids(self, kind: str) -> list[str]:
        templates = self.templates[kind]
        return [synthetic_id(i, templates[i % len(templates)]["id"]) for i in range(self.n)]

    def write(self) -> int:
        """Write every synthetic record; returns how many files were written."""
        written = 0
        for kind in KINDS:
            if kind == "self-checks":
                continue
            for index in range(self.n):
                self.add(kind, index)
                written += 1
        written += self._self_checks()
        return written

    def add(self, kind: str, index: int) -> None:
        """Write synthetic record `index` of `kind` (a copy of template `index % templates`)."""
        self._dump(kind, self._record(kind, index))

    def _dump(self, kind: str, record: dict[str, Any]) -> None:
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
        (self.content / kind / f"{record['id']}.yaml").write_text(text, encoding="utf-8")

    def _record(self, kind: str, index: int) -> dict[str, Any]:
        templates = self.templates[kind]
        record = copy.deepcopy(templates[index % len(templates)])
        record["id"] = synthetic_id(index, record["id"])
        record["title"] = f"{record['title']} (synthetic {index})"
        record = self._retarget(record, index)
        if "facets" in record or kind in ("schools", "guidance", "cpd"):
            record["facets"] = self._facets(kind, record.get("facets", {}))
        if kind == "schools":
            facts = record["facts"]
            facts["pupils"] = self.rng.randint(40, 2200)
            facts["fsm_percent"] = round(self.rng.uniform(0, 60), 1)
        return record

    def _facets(self, kind: str, original: dict[str, list[str]]) -> dict[str, list[str]]:
        facets: dict[str, list[str]] = {}
        for facet_id in original or ("theme", "role"):
            values = self.values[facet_id]
            if kind == "schools" and facet_id in SINGLE_VALUED:
                facets[facet_id] = [self.rng.choice(values)]
            else:
                facets[facet_id] = sorted(self.rng.sample(values, k=min(len(values), self.rng.randint(1, 4))),
                                          key=values.index)
        return facets

    def _retarget(self, data: Any, index: int) -> Any:
        """Point references at the synthetic copy of their target in the same block of copies, if there is one."""
        if isinstance(data, dict):
            return {key: self._retarget(value, index) for key, value in data.items()}
        if isinstance(data, list):
            return [self._retarget(value, index) for value in data]
        if isinstance(data, str):
            match = _REF.match(data)
            if match and match[1] != "self-checks":
                kind, target, part = match[1], match[2], match[3] or ""
                position = self.position[kind].get(target)
                size = len(self.templates[kind])
                if position is not None:
                    other = (index // size) * size + position
                    if other < self.n:
                        return f"{kind}/{synthetic_id(other, target)}{part}"
        return data

    def _self_checks(self) -> int:
        """One self-check attached to each synthetic guidance theme, copied from the theme's real one."""
        by_target = {t.get("attached_to"): t for t in self.templates["self-checks"]}
        guidance = self.templates["guidance"]
        fallback = next(t for t in self.templates["self-checks"] if t.get("attached_to"))
        for index in range(self.n):
            target = guidance[index % len(guidance)]["id"]
            check = copy.deepcopy(by_target.get(f"guidance/{target}", fallback))
            check = self._retarget(check, index)
            check["id"] = synthetic_id(index, f"check-{target}")
            check["title"] = f"{check['title']} (synthetic {index})"
            check["attached_to"] = f"guidance/{synthetic_id(index, target)}"
            self._dump("self-checks", check)
        return self.n


def generate(project: Path, n: int, seed: int = 7) -> int:
    """Add N synthetic records of every kind to the content of `project`; returns the number of files."""
    return Generator(project / "case_studies", n, seed).write()


def touch_one(project: Path, marker: str, pattern: str = "syn*.yaml") -> Path:
    """Change one school's summary (the first synthetic one) so that its page shows `marker`; returns the file."""
    content = project / "case_studies" / "schools"
    path = sorted(content.glob(pattern))[0]
    record = _load(path)
    record["summary"] = f"{record['summary'].split(' Marker ')[0]} Marker {marker}"
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return path
