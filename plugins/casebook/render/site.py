"""Where each generated page lives in the site, and what each kind of record is called."""

from __future__ import annotations

FOLDERS = {
    "schools": "case-studies",
    "guidance": "guidance",
    "cpd": "cpd",
    "roles": "roles",
    "findings": "findings",
    "self-checks": "self-checks",
    "routes": "start",
    "standards": "standards",
    "research": "research",
}
"""Where each kind's pages live in the site."""

LIBRARIES = {"schools": "case-studies/index.md", "guidance": "guidance/index.md", "cpd": "cpd/index.md"}
"""The filterable library page of each kind that has one."""

HUB = "self-checks/index.md"
PLAN = "self-checks/action-plan.md"
GLOSSARY = "glossary.md"
SOURCES = "sources.md"
REFERENCE = "contributing/reference.md"
HOME = "index.md"
PRINT_ALL = "all-case-studies.md"
THEN_AND_NOW = "then-and-now.md"
STANDING = "where-we-stand.md"
"""Where the school stands against today's standards, from the reader's self-check answers."""
ADD_SCHOOL = "contributing/add-your-school.md"
"""The form that writes a new school's file (form.py)."""

KIND_NAMES = {
    "schools": ("case study", "case studies"),
    "guidance": ("guidance theme", "guidance themes"),
    "cpd": ("CPD model", "CPD models"),
    "roles": ("role", "roles"),
    "findings": ("findings", "findings"),
    "self-checks": ("self-check", "self-checks"),
    "routes": ("reading route", "reading routes"),
    "standards": ("standard", "standards"),
    "research": ("research report", "research reports"),
}

FACT_LABELS = {
    "pupils": "Pupils on roll",
    "fsm_percent": "Free school meals",
    "headteacher_years_in_post": "Headteacher in post",
    "location": "Location",
}


def page_path(kind: str, record_id: str) -> str:
    return f"{FOLDERS[kind]}/{record_id}.md"
