"""The shapes of what leaves Newsdesk for machines, declared once.

The API documents them (its OpenAPI document is built from these types); the event JSON, the
bulk dataset and the API all build their objects with ``exports.py`` beside this module, and the
tests hold every surface's output to these shapes, strictly (``tests/test_shapes.py``).
"""

from ninja import Field, Schema


class PartyRef(Schema):
    name: str
    slug: str
    url: str


class TopicRef(Schema):
    name: str
    slug: str


class PartyOut(PartyRef):
    id: int
    label: str = Field(description="The short name pages use.")
    kind: str
    role: str
    country: str = Field(description="ISO 3166 code, or empty.")
    parent: str | None = Field(description="The slug of the party it speaks for, if any.")
    side: str = Field(description="The slug of its government or organisation (top party).")


class Source(Schema):
    name: str
    url: str
    archive: str


class CorrectionOut(Schema):
    corrected_at: str
    note: str


class StatementOut(Schema):
    id: int
    url: str
    event: str = Field(description="The event's slug.")
    party: PartyRef
    side: str
    speaker_as_printed: str
    attribution: str
    conduit: str
    kind: str
    issued_at: str
    precision: str
    when: str
    language: str
    text_html: str
    translation_html: str
    translated_by: str
    editors_note: str
    source: Source
    corrections: list[CorrectionOut]


class DenialOut(Schema):
    id: int
    url: str
    event: str
    statement: int = Field(description="The id of the rebutting statement.")
    target: int = Field(description="The id of the statement rebutted.")
    kind: str
    disputed_passage: str
    rebutting_passage: str
    claim: str | None
    delay_seconds: int
    delay: str


class StanceOut(Schema):
    side: str
    position: str
    statement: int | None
    quote: str


class ClaimOut(Schema):
    id: int
    url: str
    event: str
    text: str
    same_as: int | None = Field(description="The id of the first claim of its thread, if any.")
    stances: list[StanceOut]
    denials: list[int] = Field(description="Ids of the rebuttals that answer it.")


class EventOut(Schema):
    id: int
    slug: str
    url: str
    json_url: str
    title: str
    title_fr: str = Field(description="Its French title, if an editor wrote one.")
    kind: str
    occurred_at: str
    precision: str
    when: str
    location: str
    summary: str
    summary_fr: str
    initiated_by: PartyRef | None
    participants: list[PartyRef]
    topics: list[TopicRef]
    statements: int = Field(description="How many published statements it has.")
    denials: int = Field(description="How many published rebuttals.")
