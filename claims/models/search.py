"""Full-text search kept by the database.

Events and statements carry a ``search_document`` column that the database computes itself
(a ``GeneratedField``): on PostgreSQL a weighted ``tsvector`` with a GIN index, queried with
``websearch_to_tsquery`` and ranked; on SQLite — the embedded default — lower-cased plain text
searched with LIKE. Nothing in Python keeps it up to date, so it cannot drift from the text.
"""

from functools import reduce
from operator import add

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Concat, Lower

SEARCH_CONFIG = "english"


class SearchDocument(models.Func):
    """``SearchDocument(("title", "A"), ("summary", "B"))``: the searchable text of a row."""

    output_field = SearchVectorField()

    def __init__(self, *weighted_fields):
        self.weighted_fields = weighted_fields
        super().__init__(*(F(name) for name, _ in weighted_fields))

    def as_postgresql(self, compiler, connection, **extra_context):
        vectors = (
            SearchVector(name, weight=weight, config=SEARCH_CONFIG)
            for name, weight in self.weighted_fields
        )
        return compiler.compile(reduce(add, vectors).resolve_expression(compiler.query))

    def as_sql(self, compiler, connection, **extra_context):
        parts = []
        for name, _ in self.weighted_fields:
            parts += [Coalesce(F(name), Value("")), Value(" ")]
        text = Lower(Concat(*parts, output_field=models.TextField()))
        return compiler.compile(text.resolve_expression(compiler.query))


def search_document_field(*weighted_fields):
    return models.GeneratedField(
        expression=SearchDocument(*weighted_fields),
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


def matches(queryset, text, field="search_document"):
    """Filter ``queryset`` to rows whose document matches ``text`` (websearch syntax on PG)."""
    if _is_postgresql(queryset):
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return queryset.filter(**{field: query})
    condition = models.Q()
    for word in text.lower().split():
        condition &= models.Q(**{f"{field}__contains": word})
    return queryset.filter(condition)


def rank(queryset, text, field="search_document"):
    """An expression ranking ``queryset``'s rows for ``text`` (ts_rank on PostgreSQL, else 0)."""
    if _is_postgresql(queryset):
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return SearchRank(F(field), query)
    return Value(0.0, output_field=models.FloatField())


def _is_postgresql(queryset):
    from django.db import connections

    return connections[queryset.db].vendor == "postgresql"
