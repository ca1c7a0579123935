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
