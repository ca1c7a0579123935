"""The content model: one pydantic model per record kind.

These models are the single source of truth for the content. The loader checks
every YAML file against them, the JSON Schema files in `schemas/` are generated
from them, and the contributing guide's field reference is rendered from them.

Every model is strict (no silent coercion of `"12"` into `12`) and forbids
unknown fields, so a typo in a field name is an error rather than lost data.
Field descriptions are written for contributors: they appear in error
messages, in editors (through the JSON Schema) and in the field reference.

The package holds one module per kind of content file, and the shared building
blocks in `common`; everything is re-exported here, so `from casebook.schema
import School` keeps working.
"""

from __future__ import annotations

from .common import Citation, Facets, Line, NotStated, Quotation, Record, Ref, Slug, Strict, Text, Year
from .cpd import CpdModel, SchoolUse
from .findings import Behaviour, FindingGroup, Findings
from .guidance import Advice, Guidance
from .research import RESEARCH_LABELS, Recommendation, Research, ResearchNow
from .roles import Debate, Item, JobChoice, Position, Role
from .routes import Route, SitePage, Step
from .schools import AdviceItem, School, SchoolFacts, SchoolSections, Section
from .selfchecks import Question, QuestionGroup, SelfCheck
from .standards import NOT_ASSESSED_REASONS, STATUS_LABELS, Basis, Standard, StandardPart, Today
from .vocabularies import Facet, FacetValue, Glossary, Source, Sources, Taxonomy, Term

RECORD_KINDS: dict[str, type[Record]] = {
    "schools": School,
    "roles": Role,
    "cpd": CpdModel,
    "guidance": Guidance,
    "findings": Findings,
    "self-checks": SelfCheck,
    "routes": Route,
    "standards": Standard,
    "research": Research,
}
"""Folders under `case_studies/` holding one record a file, and their models."""

SINGLETONS: dict[str, type[Strict]] = {
    "taxonomy.yaml": Taxonomy,
    "glossary.yaml": Glossary,
    "sources.yaml": Sources,
}
"""Files at the top of `case_studies/` holding a site-wide vocabulary."""


__all__ = [
    "NOT_ASSESSED_REASONS", "RECORD_KINDS", "RESEARCH_LABELS", "SINGLETONS", "STATUS_LABELS", "Advice",
    "AdviceItem", "Basis",
    "Behaviour", "Citation", "CpdModel", "Debate", "Facet", "FacetValue", "Facets", "FindingGroup", "Findings",
    "Glossary", "Guidance", "Item", "JobChoice", "Line", "NotStated", "Position", "Question", "QuestionGroup",
    "Quotation", "Recommendation", "Record", "Ref", "Research", "ResearchNow", "Role",
    "Route", "School", "SchoolFacts", "SchoolSections", "SchoolUse", "Section", "SelfCheck", "SitePage", "Slug",
    "Source", "Sources", "Standard", "StandardPart", "Step", "Strict", "Taxonomy", "Term", "Text", "Today", "Year",
]
