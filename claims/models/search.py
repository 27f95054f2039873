"""Full-text search kept by the database, deaf to accents and to the spelling of names.

Events and statements carry a ``search_document`` column that the database computes itself
(a ``GeneratedField``): on PostgreSQL a weighted ``tsvector`` with a GIN index, made with text
search configurations that drop accents first (``newsdesk_french`` = ``unaccent`` + French
stemming; see migration 0014) and ranked; on SQLite — the embedded default — lower-cased plain
text searched with LIKE, folded by a function registered on every connection. Nothing in Python
keeps it up to date, so it cannot drift from the text.

A visitor's words are read by ``parse``: words (all required), "quoted phrases", ``-word`` (not),
``or`` between two words; each word also stands for its spelling variants, which editors keep
in the admin (``Spelling``: "Kyiv, Kiev"). "cereales" finds "céréales" and "Kyiv" finds "Kiev".
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Concat, Lower

from claims.text.folding import fold

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


FOLDED = "newsdesk_"  # the prefix of the accent-folding copies of PostgreSQL's configurations
FOLDED_CONFIGS = sorted({"simple", *LANGUAGE_CONFIGS.values()})


def folded(config):
    return f"{FOLDED}{config}"


def query_configs(languages):
    """The configurations a search must read its words with, for documents in ``languages``
    (and "simple", for those in languages PostgreSQL has no rules for)."""
    return sorted(
        folded(config)
        for config in {
            SEARCH_CONFIG,
            "simple",
            *(LANGUAGE_CONFIGS.get(code, "simple") for code in languages),
        }
    )


class SearchDocument(models.Func):
    """``SearchDocument(("title", "A"), ("summary", "B"))``: the searchable text of a row.

    With ``language="language"``, the fields named in ``localized`` are stemmed in the row's
    own language (a French readout with the French rules); the others in English. With
    ``folded=True``, accents are dropped before stemming (the configurations of migration
    0014); earlier migrations build the column without, as it was then.
    """

    output_field = SearchVectorField()

    def __init__(self, *weighted_fields, language=None, localized=(), folded=False):
        self.weighted_fields, self.language, self.localized = weighted_fields, language, localized
        self.folded = folded
        super().__init__(*(F(name) for name, _ in weighted_fields))

    def _config(self, config):
        return folded(config) if self.folded else config

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
            return SearchVector(name, weight=weight, config=self._config(SEARCH_CONFIG))
        # One branch per language, each with a constant configuration: PostgreSQL requires a
        # generated column's expression to be immutable, which a computed regconfig is not.
        return models.Case(
            *(
                models.When(
                    **{self.language: code},
                    then=SearchVector(name, weight=weight, config=self._config(config)),
                )
                for code, config in sorted(LANGUAGE_CONFIGS.items())
            ),
            default=SearchVector(name, weight=weight, config=self._config("simple")),
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
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass
class Term:
    """One thing a search asks for: any of ``forms`` (a word and its spelling variants, or a
    phrase), or — ``negated`` — none of them."""

    forms: list = field(default_factory=list)
    negated: bool = False
    phrase: bool = False


def parse(text, expansions=None):
    """The visitor's words as ``Term``s: at most 16 of them, folded; a "word" made only of
    operators or punctuation is dropped, and a run of leading "-" or "!" is one "not".
    (PostgreSQL's own query parser has a small stack: thirty-odd nested operators overflow it;
    this one builds the query from plain words.)"""
    expansions = expansions or {}
    terms, join = [], False
    for match in _TOKEN.finditer(text):
        quoted_not, phrase, word = match.groups()
        if word is not None and word.casefold() == "or" and terms:
            join = True
            continue
        if phrase is not None:
            core, negated = " ".join(_words(phrase)), bool(quoted_not)
            term = Term([fold(core)], negated, phrase=True) if core else None
        else:
            core = word.lstrip("-!")
            negated = core != word
            words = _words(core)
            term = None
            if words:
                form = fold(" ".join(words))
                term = Term(expansions.get(form, [form]), negated, phrase=len(words) > 1)
        if term is None:
            continue
        if join and not term.negated and not terms[-1].negated:
            terms[-1].forms += [f for f in term.forms if f not in terms[-1].forms]
            terms[-1].phrase = terms[-1].phrase or term.phrase
        else:
            terms.append(term)
        join = False
        if len(terms) == MAX_TERMS:
            break
    return terms


def _words(text):
    return [part for part in re.findall(r"[\w'’-]+", text) if _WORD.search(part)]


def highlight_forms(terms):
    """The folded words a result is highlighted with."""
    return [form for term in terms if not term.negated for form in term.forms]


ENGLISH = (folded(SEARCH_CONFIG),)


def matches(queryset, terms, configs=ENGLISH, field="search_document"):
    """Filter ``queryset`` to rows whose document matches every term (see ``parse``), reading
    each with each of ``configs`` (see ``query_configs``)."""
    if not terms:
        return queryset.none()
    if _is_postgresql(queryset):
        return queryset.filter(**{field: _query(terms, configs)})
    folded_field = f"_{field}_folded"
    queryset = queryset.alias(**{folded_field: Fold(F(field))})
    condition = models.Q()
    for term in terms:
        either = reduce(or_, (models.Q(**{f"{folded_field}__contains": f}) for f in term.forms))
        condition &= ~either if term.negated else either
    return queryset.filter(condition)


def rank(queryset, terms, configs=ENGLISH, field="search_document"):
    """An expression ranking ``queryset``'s rows for ``terms`` (ts_rank on PostgreSQL, else 0)."""
    if _is_postgresql(queryset) and terms:
        return SearchRank(F(field), _query(terms, configs))
    return Value(0.0, output_field=models.FloatField())


def _query(terms, configs):
    """``terms`` as one tsquery: a document matches when one configuration's reading of the
    whole query does — every term required (or excluded) — as a word that one language drops
    (French "de") must not sink a query that another language reads whole."""
    readings = []
    for config in configs:
        parts = []
        for term in terms:
            search_type = "phrase" if term.phrase else "plain"
            queries = [
                SearchQuery(form, config=config, search_type=search_type) for form in term.forms
            ]
            if term.negated:  # none of them: not (a or b) is (not a) and (not b)
                parts += [~query for query in queries]
            else:
                parts.append(reduce(or_, queries))
        readings.append(reduce(and_, parts))
    return reduce(or_, readings)


class Fold(models.Func):
    """Lower case without accents, in SQLite (a function each connection registers: see
    ``register_fold``)."""

    function = "newsdesk_fold"
    output_field = models.TextField()


def register_fold(sender, connection, **kwargs):
    """``connection_created``: give SQLite connections the ``newsdesk_fold`` function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "newsdesk_fold", 1, lambda value: None if value is None else fold(value),
            deterministic=True,
        )  # fmt: skip


def _is_postgresql(queryset):
    from django.db import connections

    return connections[queryset.db].vendor == "postgresql"
