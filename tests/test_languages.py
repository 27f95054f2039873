"""The interface in English and French: the language is the address's, every page reads in
French under /fr/, caches never mix languages, and CI fails on an untranslated string."""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import polib
import pytest
from django.conf import settings

from claims.models import Statement

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale/fr/LC_MESSAGES/django.po"
SEED = "/events/lecornu-shoigu-phone-call-2024/"

# Words of the English interface that no French page may show (content — quotes, names as
# entered — is marked with its own language and left out of the check; "Parties", "Sources",
# "Position", "Provenance" are French words too).
ENGLISH_UI = [
    "Events", "Rebuttals", "Search", "side by side", "Claims matrix", "Timeline",
    "not mentioned", "denied", "What is disputed", "At a glance", "Change log",
    "Embed this", "Awaiting response", "Who denies whom", "Latest", "Browse", "Older", "Newer",
    "Newest", "More filters", "Any party", "Any topic", "Disputed only", "Link to a passage",
    "Make a link", "Rebuttals made", "Speaking for", "Median time", "How fast",
    "Positions of", "spoke first", "the same day", "later", "statements", "Corrected on",
    "Editor's note", "Skip to content", "Atom feed", "All statements as CSV", "Open data",
    "Not found", "Readout", "Official channel", "Source:", "archived copy", "not recorded",
    "Translation", "Language:", "Draft", "Claim", "Accounts", "Who spoke first", "rebutted",
    "Files", "See the card", "No statements",
]  # fmt: skip


class _InterfaceText(HTMLParser):
    """The visible text of a page in its own language: what elements marked with another
    ``lang`` (quotations, English titles), scripts and styles hold is left out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip

    def __init__(self, language):
        super().__init__()
        self.language, self.stack, self.parts = language, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        foreign = attrs.get("lang") not in (None, self.language) or tag in ("script", "style")
        self.stack.append(foreign or (self.stack[-1] if self.stack else False))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def interface_text(html, language="fr"):
    parser = _InterfaceText(language)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def french_pages():
    statement = Statement.objects.get(speaker="the Russian Defense Ministry")
    return ["/fr/", "/fr/events/", "/fr/events/?q=dialogue", f"/fr{SEED}", "/fr/parties/",
            "/fr/parties/france/", "/fr/parties/valdoria/", f"/fr{statement.get_absolute_url()}",
            f"/fr{statement.get_absolute_url()}?quote=dialogue", "/fr/timeline/",
            "/fr/claims/1/", "/fr/data/", f"/fr{SEED}embed/", "/fr/no-such-page/"]  # fmt: skip


@pytest.mark.usefixtures("demo")
class TestFrenchPages:
    def test_every_public_page_reads_in_french(self, client):
        for url in french_pages():
            response = client.get(url)
            assert response.status_code in {200, 404}, url
            html = response.content.decode()
            assert '<html lang="fr">' in html, url
            text = interface_text(html)
            left = [w for w in ENGLISH_UI if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
            assert left == [], (url, left)

    def test_counts_agree_with_their_own_nouns_and_the_timeline_says_who_was_rebutted(self, client):
        """Issue "Readers v3": the chart said "6 déclaration de 2 partie" (the plural followed
        the rebuttals' count); the rebutted side's filter read "Réfutant" (the one rebutting)."""
        english = client.get(SEED).content.decode()
        assert re.search(r"\d+ statements by 2 sides; 1 rebuttal drawn as an arrow\.", english)
        french = client.get(f"/fr{SEED}").content.decode()
        assert re.search(r"\d+ déclarations de 2 parties\u00a0; 1 réfutation", french), french
        timeline = client.get("/fr/timeline/").content.decode()
        assert "Partie réfutée" in timeline and "Réfutant" not in timeline

    def test_french_words_and_typography(self, client):
        html = client.get(f"/fr{SEED}").content.decode()
        assert "Ce qui est contesté" in html
        assert 'France a démenti la version de Russia — <strong class="delay">le jour même' in html
        assert "«\u00a0expressed their willingness to engage in dialogue on Ukraine\u00a0»" in html
        assert "En bref\u00a0:" in html  # a no-break space before the colon
        assert '<time datetime="2024-04-03">3 avril 2024</time>' in html
        assert "Appel téléphonique entre les ministres français et russe" in html  # title_fr
        keldar = client.get("/fr/events/keldar-pass-border-incident/").content.decode()
        assert "2\u00a0h 15\u00a0min plus tard" in keldar
        assert "14 septembre 2026 à 09\u00a0h\u00a040 UTC" in keldar or "à 09" in keldar

    def test_an_english_title_on_a_french_page_says_it_is_english(self, client):
        html = client.get("/fr/events/lake-morrow-summit/").content.decode()
        assert '<h1><span lang="en">Lake Morrow summit on water rights</span></h1>' in html

    def test_the_switcher_keeps_the_reader_on_the_same_page(self, client):
        html = client.get("/fr/events/?q=Keldar").content.decode()
        assert '<a href="/events/?q=Keldar" hreflang="en" lang="en">English</a>' in html
        english = client.get("/events/?q=Keldar").content.decode()
        assert '<a href="/fr/events/?q=Keldar" hreflang="fr" lang="fr">Français</a>' in english
        site = settings.NEWSDESK_SITE_URL
        assert f'<link rel="alternate" hreflang="fr" href="{site}/fr/events/">' in english
        assert f'<link rel="alternate" hreflang="x-default" href="{site}/events/">' in english

    def test_feeds_and_the_embed_follow_the_address(self, client):
        feed = feedparser.parse(client.get("/fr/feed/").content)
        assert not feed.bozo and feed.feed.title.startswith("Newsdesk\u00a0: dernières")
        assert "Newsdesk: latest" in feedparser.parse(client.get("/feed/").content).feed.title
        assert "Ce qui" not in client.get(f"{SEED}embed/").content.decode()
        assert "la version de Russia" in client.get(f"/fr{SEED}embed/").content.decode()


@pytest.mark.usefixtures("demo")
class TestCaches:
    def test_a_french_page_never_reaches_an_english_reader(self, client):
        assert "Ce qui est contesté" in client.get(f"/fr{SEED}").content.decode()
        english = client.get(SEED, headers={"Accept-Language": "fr"})  # the address decides
        assert "What is disputed" in english.content.decode()
        assert english["Content-Language"] == "en"
        assert client.get(f"/fr{SEED}")["Content-Language"] == "fr"
        assert client.get(f"/fr{SEED}")["X-Cache"] == "hit"
        assert "Accept-Language" not in english.get("Vary", "")

    def test_old_english_addresses_still_work(self, client):
        for url in ["/", "/events/", SEED, "/parties/france/", "/timeline/", "/feed/"]:
            assert client.get(url).status_code == 200, url


def test_the_admin_follows_the_editors_browser(chief):
    page = chief.get("/admin/", headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and "Déconnexion" in page.content.decode()  # Django's own
    assert '<html lang="fr"' in page.content.decode()
    assert "Événements, déclarations et démentis" in page.content.decode()  # ours too


def test_the_french_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == [], (untranslated[:5], fuzzy[:5])
    for entry in catalogue.translated_entries():
        for placeholder in re.findall(r"%\(\w+\)[sd]", entry.msgid):
            forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            assert all(placeholder in form or "%(n)d" in entry.msgid for form in forms), entry.msgid


NO_GETTEXT = "GNU gettext is not installed: sudo apt-get install gettext"


@pytest.mark.skipif(not shutil.which("xgettext") and not os.environ.get("CI"), reason=NO_GETTEXT)
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Gather the strings again from a copy of the code: a new one not yet in the French
    catalogue (or one gone from the code) fails the build."""
    root = Path(settings.BASE_DIR)
    for folder in ("claims", "newsdesk", "templates", "locale"):
        shutil.copytree(root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(root / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location"],
        cwd=tmp_path, check=True, capture_output=True, env={**os.environ, "DJANGO_DEBUG": "true"},
    )  # fmt: skip
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(tmp_path / CATALOGUE.relative_to(root)))
             if not e.obsolete}  # fmt: skip
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    assert fresh - committed == set(), "not in the catalogue: run make messages, then translate"
    assert committed - fresh == set(), "no longer in the code: run make messages"


@pytest.mark.django_db
def test_a_statements_language_is_named_in_the_readers_language(client):
    """Issue "Readers v3": French statement pages said "Langue : English"."""
    from tests.factories import make_statement

    statement = make_statement(language="en")
    french = client.get(f"/fr{statement.get_absolute_url()}").content.decode()
    assert "Langue\u00a0: Anglais" in french or "Langue : Anglais" in french, french
    assert "Language: English" in client.get(statement.get_absolute_url()).content.decode()
