"""Names as a sub-editor compares them: folded, tokenised, and matched to Newsdesk's parties and
conduits (their names, short names and editable aliases)."""

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from claims.text.folding import fold as folded

# The words intake reads by (speaking verbs, abbreviations, roles…), in a data file.
WORDS = tomllib.loads((Path(__file__).with_name("words.toml")).read_text(encoding="utf-8"))

# Words that do not tell one name from another.
_FILLER = set(WORDS["names"]["filler"].split())
# A speaker headed by one of these is an outlet or a report, never a government party.
MEDIA_WORDS = set(WORDS["names"]["media"].split())
# Roles a person speaks in; "Serapine's spokeswoman" is the Serapine person with that role.
ROLE_WORDS = set(WORDS["names"]["roles"].split())


@functools.lru_cache(maxsize=8192)
def fold(text):
    """Lower case, no accents (as search folds), one kind of apostrophe. Remembered: intake asks
    the same names again and again, quote after quote."""
    return folded(text or "").replace("’", "'").replace("‘", "'")


def fold_in_place(text):
    """``fold`` that keeps every character's position (a character that would fold into
    several stays as it is), so that a match in the folded text is a match in ``text``."""
    folded = []
    for char in text:
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        ).casefold()
        folded.append(bare if len(bare) == 1 else char)
    return "".join(folded).replace("’", "'").replace("‘", "'")


def tokens(text):
    """The words of a name, folded: possessive 's dropped, acronyms' dots removed
    (C.H.S. → chs), hyphenated words kept whole (Vessa-based is not Vessa)."""
    return list(_tokens(text or ""))


@functools.lru_cache(maxsize=8192)
def _tokens(text):
    text = fold(text)
    text = re.sub(r"\b((?:\w\.){2,})", lambda m: m[1].replace(".", ""), text)
    words = re.findall(r"[\w]+(?:-[\w]+)*(?:'[\w]+)?", text)
    words = [w.removesuffix("'s") for w in words]
    return tuple(re.sub(r"^(l|d|qu)'", "", w) for w in words)


def significant(words):
    return [w for w in words if w not in _FILLER]


@dataclass
class Named:
    """A party or a conduit with every form articles name it by."""

    thing: object
    forms: list = field(default_factory=list)  # each a tuple of significant tokens
    kind: str = ""
    given: set = field(default_factory=set)  # a person's names, one by one


def _forms(*names):
    forms = []
    for name in names:
        for line in (name or "").splitlines():
            if words := tuple(significant(tokens(line))):
                forms.append(words)
    return forms


class World:
    """The parties and conduits intake knows, ready to match names against; with the editors'
    spellings (``Spelling.objects.expansions()``), a word spelt another way ("Baqaei" for
    "Baghaei") is read as the first spelling of its group, in names and in articles alike."""

    def __init__(self, parties, conduits, spellings=None):
        self.spelled = {form: group[0] for form, group in (spellings or {}).items()}
        self.parties = []
        for party in parties:
            named = Named(
                party,
                self._forms(party.name, party.short_name, getattr(party, "aliases", "")),
                party.kind,
            )
            if party.kind == "person":
                named.given = set(self.words(party.name))
            self.parties.append(named)
        self.conduits = [
            Named(c, self._forms(c.name, c.full_name, c.aliases), c.kind) for c in conduits
        ]
        self.by_id = {party.pk: party for party in parties if party.pk is not None}
        self.states = [p for p in self.parties if p.kind == "state"]
        self.people = [p for p in self.parties if p.kind == "person"]
        self.state_names = _pattern(self.states)
        self.conduit_names = _pattern(self.conduits)

    def words(self, text):
        """The significant words of ``text``, each as the editors spell it first."""
        spelled = self.spelled
        return [spelled.get(word, word) for word in significant(tokens(text))]

    def _forms(self, *names):
        return [tuple(self.words(" ".join(form))) for form in _forms(*names)]

    # — conduits —

    def conduit(self, text):
        """The conduit ``text`` names (“the Kestrian Press Agency”, “VBC's morning
        programme”), by the longest form found in it; None if none."""
        words = self.words(text)
        best, size = None, 0
        for named in self.conduits:
            for form in named.forms:
                if len(form) > size and _contains(words, form):
                    best, size = named.thing, len(form)
        return best

    # — parties —

    def party(self, speaker, recent=()):
        """The party ``speaker`` most likely is or speaks for, None when unsure.

        In order: a person by name; an institution whose every word the speaker names, or
        which names every word of the speaker (ambiguity settled by the party the article
        mentioned last, ``recent``); "<state>'s spokeswoman" as that state's only person in
        that role; the state the speaker belongs to. Outlets and reports get none.
        """
        words = self.words(speaker)
        if not words or set(words) & MEDIA_WORDS or self.conduit(speaker):
            return None
        exact = [n for n in self.parties if tuple(words) in n.forms]
        if exact:
            return exact[0].thing
        people = [n for n in self.people if n.given & set(words)]
        if len(people) == 1:
            return people[0].thing
        institutions = [
            n for n in self.parties if n.kind not in ("person", "state") and _institution(words, n)
        ]
        if len(institutions) > 1:
            mentioned = [n for n in institutions if n.thing in recent]
            mentioned.sort(key=lambda n: recent.index(n.thing))
            institutions = mentioned[-1:] if mentioned else institutions
            if len({id(self.side(n.thing)) for n in institutions}) > 1:
                return None  # "the foreign ministry", and several states have one: unsure
            if len(institutions) > 1:  # the one naming most of the speaker's words
                institutions.sort(key=lambda n: -max(len(f) for f in n.forms))
        found = institutions[0].thing if institutions else self.state(words)
        if found is None:
            return None
        # "Serapine's spokeswoman", "the commander of the C.H.S. mission": the one person in
        # that role there.
        roles = set(words) & ROLE_WORDS
        if roles and not self._names_a_person(words):
            holders = [
                n
                for n in self.people
                if roles & set(tokens(n.thing.role)) and self._under(n.thing, found)
            ]
            if len(holders) == 1:
                return holders[0].thing
        return found

    def _under(self, party, ancestor):
        for _ in range(10):
            parent = party.parent if party.pk is None else self.by_id.get(party.parent_id)
            if parent is None:
                return False
            if parent == ancestor or (ancestor.pk is None and parent is ancestor):
                return True
            party = parent
        return False

    def side(self, party):
        """The top-level party ``party`` belongs to, without a query (the parties are known)."""
        for _ in range(10):
            # an unsaved party (the evaluation's) keeps its parent object
            parent = party.parent if party.pk is None else self.by_id.get(party.parent_id)
            if parent is None:
                break
            party = parent
        return party

    def state(self, words):
        for word in words:
            for named in self.states:
                if any(_contains(words, f) and word in f for f in named.forms):
                    return named.thing
        return None

    def _names_a_person(self, words):
        return any(n.given & set(words) for n in self.people)

    def mentioned(self, text):
        """Parties named in ``text`` in full (by one of their forms), for ``recent``: the one
        named last comes last."""
        folded = " ".join(self.words(text))
        found = []
        for named in self.parties:
            # where the last of its forms ends, and (the more specific later) how long it is
            ends = [
                (where + len(form), len(form))
                for form in map(" ".join, named.forms)
                if (where := folded.rfind(form)) >= 0
            ]
            if ends:
                found.append((max(ends), named.thing))
        return [thing for _, thing in sorted(found, key=lambda pair: pair[0])]


def _pattern(nameds):
    """One expression finding any of their forms in folded text (longest first), and the
    form → thing it names."""
    things = {}
    for named in nameds:
        for form in named.forms:
            things.setdefault(" ".join(form), named.thing)
    if not things:
        return None, things
    alternatives = sorted(things, key=len, reverse=True)
    expression = "|".join(r"\s+".join(map(re.escape, a.split())) for a in alternatives)
    return re.compile(rf"(?<![\w-])(?:{expression})(?![\w-])"), things


def _contains(words, form):
    """``form``'s words appear in ``words`` in order (not necessarily adjacent)."""
    position = 0
    for word in form:
        try:
            position = words.index(word, position) + 1
        except ValueError:
            return False
    return True


def _institution(words, named):
    """The speaker names every word of one of its forms, in any order ("Kestria's
    presidential office" is the "Presidential Office of Kestria"), or the other way round
    ("the presidential office")."""
    speaker = set(words)
    for form in named.forms:
        if set(form) <= speaker:
            return True
        if len(speaker) >= 2 and speaker <= set(form) and not speaker & ROLE_WORDS:
            return True
    return False
