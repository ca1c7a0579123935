"""A leadership role, such as the school technology leader."""

from __future__ import annotations

from pydantic import Field

from .common import Citation, Facets, Line, Record, Slug, Strict, Text, Year
from .standards import Today


class Item(Strict):
    """A titled item with a stable id: a principle, a responsibility, a quality."""

    id: Slug = Field(description="A stable id for this item, unique in its list, such as `focus-on-learning`.")
    title: Line = Field(description="The item in a few words, shown as its heading.")
    text: Text | None = Field(default=None, description="More about it, in your own words.")
    job_description: Text | None = Field(
        default=None,
        description=(
            "The item as a job description would state it, without notes about the source or the debate. "
            "The job-description builder copies it into the draft; give it whenever `text` holds such notes "
            "(the builder uses `text` when it is left out)."
        ),
    )
    today: Today | None = Field(
        default=None,
        description="How a principle or responsibility reads against today's standards.",
    )


class Position(Strict):
    """One side of a debate, and who argued it."""

    stance: Line = Field(description="The position in a few words, such as `Yes, always a teacher`.")
    argument: Text = Field(description="The argument, in your own words.")
    who: list[Line] = Field(min_length=1, description="Who made it, as the source names them.")


class JobChoice(Strict):
    """A decision a job description records on a debated point, and the ways a school may decide it."""

    label: Line = Field(description="The point in a few words, as the draft names it, such as `Teaching load`.")
    options: list[Line] = Field(
        min_length=2, description="What the draft may say, one option a line, such as `A light teaching load`."
    )


class Debate(Strict):
    """A question practitioners disagree about."""

    id: Slug = Field(description="A stable id for the debate, such as `must-the-leader-be-a-teacher`.")
    question: Line = Field(description="The question in dispute, such as `Must the technology leader be a teacher?`")
    positions: list[Position] = Field(min_length=2, description="The positions taken, at least two.")
    today: Today | None = Field(
        default=None, description="What today's standards ask on the question, shown beside the debate."
    )
    job_description: list[JobChoice] = Field(
        default_factory=list,
        description="Choices the job-description builder offers on this point, so a school records its decision.",
    )


class Role(Record):
    """A leadership role, such as the school technology leader."""

    id: Slug = Field(description="The file name without `.yaml`: lower-case letters, digits and hyphens.")
    title: Line = Field(description="The name of the role, shown as the page title.")
    summary: Text = Field(description="One or two sentences introducing the role.")
    evidence_year: Year = Field(description="The year of the newest evidence the page draws on.")
    title_question: Text = Field(description="What the role should be called, and why it matters.")
    principles: list[Item] = Field(min_length=1, description="The principles the role rests on.")
    responsibilities: list[Item] = Field(min_length=1, description="What the role holder is responsible for.")
    qualities: list[Item] = Field(min_length=1, description="The qualities the role needs.")
    debates: list[Debate] = Field(
        default_factory=list, description="Questions practitioners disagree about, with each side."
    )
    facets: Facets = Field(default_factory=dict)
    sources: list[Citation] = Field(min_length=1, description="The documents this page draws on.")
