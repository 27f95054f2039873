"""Full-text search kept by the database.

Events and statements carry a ``search_document`` column that the database computes itself
(a ``GeneratedField``): on PostgreSQL a weighted ``tsvector`` with a GIN index, queried with
``websearch_to_tsquery`` and ranked; on SQLite — the embedded default — lower-cased plain text
searched with LIKE. Nothing in Python keeps it up to date, so it cannot drift from the text.
"""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Concat, Lower

SEARCH_CONFIG = "english"

# A statement's language → the PostgreSQL text search configuration that stems it.
# Languages without one are indexed with "simple" (no stemming, still searchable word by word).
LANGUAGE_CONFIGS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian", "ne": "nepali",
    "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}  # fmt: skip


def query_configs(languages):
    """The configurations a search must read its words with, for documents in ``languages``
    (and "simple", for those in languages PostgreSQL has no rules for)."""
    return sorted(
        {SEARCH_CONFIG, "simple", *(LANGUAGE_CONFIGS.get(code, "simple") for code in languages)}
    )


class SearchDocument(models.Func):
    """``SearchDocument(("title", "A"), ("summary", "B"))``: the searchable text of a row.

    With ``language="language"``, the fields named in ``localized`` are stemmed in the row's
    own language (a French readout with the French rules); the others in English.
    """

    output_field = SearchVectorField()

    def __init__(self, *weighted_fields, language=None, localized=()):
        self.weighted_fields, self.language, self.localized = weighted_fields, language, localized
        super().__init__(*(F(name) for name, _ in weighted_fields))

    def as_postgresql(self, compiler, connection, **extra_context):
        vectors = [self._vector(name, weight) for name, weight in self.weighted_fields]
        combined = vectors[0]
        for vector in vectors[1:]:
            combined = models.Func(
                combined, vector, arg_joiner=" || ", template="(%(expressions)s)",
                output_field=SearchVectorField(),
            )  # fmt: skip
        return compiler.compile(combined.resolve_expression(compiler.query))

    def _vector(self, name, weight):
        if name not in self.localized:
            return SearchVector(name, weight=weight, config=SEARCH_CONFIG)
        # One branch per language, each with a constant configuration: PostgreSQL requires a
        # generated column's expression to be immutable, which a computed regconfig is not.
        return models.Case(
            *(
                models.When(
                    **{self.language: code},
                    then=SearchVector(name, weight=weight, config=config),
                )
                for code, config in sorted(LANGUAGE_CONFIGS.items())
            ),
            default=SearchVector(name, weight=weight, config="simple"),
            output_field=SearchVectorField(),
        )

    def as_sql(self, compiler, connection, **extra_context):
        parts = []
        for name, _ in self.weighted_fields:
            parts += [Coalesce(F(name), Value("")), Value(" ")]
        text = Lower(Concat(*parts, output_field=models.TextField()))
        return compiler.compile(text.resolve_expression(compiler.query))


def search_document_field(*weighted_fields, **options):
    return models.GeneratedField(
        expression=SearchDocument(*weighted_fields, **options),
        output_field=SearchVectorField(),
        db_persist=True,
        editable=False,
    )


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; SQLite has no GIN, so there it is an ordinary index."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)


MAX_TERMS = 16
_WORD = re.compile(r"\w")


def search_words(text):
    """The visitor's words, safe for ``websearch_to_tsquery``: at most 16 of them; a "word"
    made only of operators or punctuation is dropped, and a run of leading "-" or "!" becomes
    one "-" (NOT). PostgreSQL's query parser has a small stack: thirty-odd nested operators
    overflow it. Returns "" when nothing searchable is left."""
    words = []
    for word in text.split():
        core = word.lstrip("-!")
        if _WORD.search(core):
            words.append(("-" if core != word else "") + core)
    return " ".join(words[:MAX_TERMS])


def matches(queryset, text, configs=(SEARCH_CONFIG,), field="search_document"):
    """Filter ``queryset`` to rows whose document matches ``text`` (websearch syntax on PG),
    reading ``text`` with each of ``configs`` (see ``query_configs``)."""
    if _is_postgresql(queryset):
        return queryset.filter(**{field: _query(text, configs)})
    condition = models.Q()
    for word in text.lower().split():
        if word.startswith("-"):  # websearch's NOT
            condition &= ~models.Q(**{f"{field}__contains": word[1:]})
        else:
            condition &= models.Q(**{f"{field}__contains": word.strip('"')})
    return queryset.filter(condition)


def rank(queryset, text, configs=(SEARCH_CONFIG,), field="search_document"):
    """An expression ranking ``queryset``'s rows for ``text`` (ts_rank on PostgreSQL, else 0)."""
    if _is_postgresql(queryset):
        return SearchRank(F(field), _query(text, configs))
    return Value(0.0, output_field=models.FloatField())


def _query(text, configs):
    """The visitor's words, read by each configuration a document may have been indexed in."""
    queries = (SearchQuery(text, config=config, search_type="websearch") for config in configs)
    return reduce(or_, queries)


def _is_postgresql(queryset):
    from django.db import connections

    return connections[queryset.db].vendor == "postgresql"
