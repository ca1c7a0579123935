"""Settings of the casebook MkDocs plugin (`plugins: - casebook: ...` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CasebookConfig(Config):
    content_dir = c.Type(str, default="case_studies")
    """The folder of YAML content, relative to mkdocs.yml."""

    templates_dir = c.Optional(c.Type(str))
    """A folder of templates that override the built-in ones of the same name."""

    edit_content = c.Type(bool, default=True)
    """Point each generated page's "edit" link at the YAML file behind it."""

    processes = c.Type(int, default=0)
    """Processes that render pages at once: 0 for one per usable processor core, 1 for none
    besides MkDocs' own. More than one only for `mkdocs build` on Linux (see `parallel.py`)."""

    prerender = c.Type(bool, default=True)
    """Hand MkDocs generated pages as HTML the core made (`render/html.py`) rather than as Markdown
    for Python-Markdown to parse; off gives the same pages, built the slow way (for comparison)."""

    search = c.Choice(("pagefind", "material"), default="pagefind")
    """`pagefind`: Material's search box answered from a Pagefind index of the built site (`search.py`),
    loaded a fragment at a time; `material`: Material's own search, one index downloaded whole."""
