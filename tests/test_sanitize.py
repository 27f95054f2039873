import pytest
from django.core.exceptions import ValidationError

from claims.text.sanitize import clean_text, removed_markup, sanitize_html
from tests.factories import make_statement


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<body onload="alert(1)">',
        '<p onclick="alert(1)">hi</p>',
        "<svg><script>alert(1)</script></svg>",
        '<svg onload="alert(1)"><circle/></svg>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
        "</table></mtext></math>",
        '<iframe src="javascript:alert(1)"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<p hx-get="/admin/" hx-trigger="load">x</p>',
        '<p data-hx-get="/admin/" data-hx-trigger="load">x</p>',
        '<p hx-on:click="alert(1)">x</p>',
        '<a href="#" class="btn" id="evil">x</a>',
    ],
)
def test_dangerous_markup_is_removed(dirty):
    clean = sanitize_html(dirty).lower()
    for needle in [
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<svg",
        "<math",
        "<iframe",
        "<img",
        "style=",
        "hx-",
        "class=",
        "id=",
        "<style",
    ]:
        assert needle not in clean


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_only_http_https_mailto_links_survive(href):
    clean = sanitize_html(f'<a href="{href}">click</a>')
    assert "href" not in clean
    assert "click" in clean


def test_allowed_markup_is_kept_and_links_get_rel():
    dirty = (
        "<p>One <em>two</em> <strong>three</strong><br>four</p><ul><li>a</li></ul>"
        '<blockquote><p>q</p></blockquote><a href="https://example.org/x" title="t">link</a>'
        '<a href="mailto:desk@example.org">mail</a>'
    )
    clean = sanitize_html(dirty)
    for kept in [
        "<p>",
        "<em>two</em>",
        "<strong>three</strong>",
        "<br>",
        "<li>a</li>",
        "<blockquote>",
        'href="https://example.org/x"',
        'href="mailto:desk@example.org"',
    ]:
        assert kept in clean
    assert clean.count('rel="noopener noreferrer nofollow"') == 2


def test_sanitising_is_idempotent():
    once = sanitize_html('<p>a &amp; b <a href="https://x.org">l</a> <em>“q”</em></p><b onclick=x>')
    assert sanitize_html(once) == once


def test_control_characters_and_nul_are_stripped():
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f\r\ng") == "abcdef\ng"
    assert "\x00" not in sanitize_html("<p>a\x00b</p>")


@pytest.mark.django_db
def test_size_cap_is_a_clear_validation_error(settings):
    settings.NEWSDESK_MAX_HTML_CHARS = 50
    with pytest.raises(ValidationError) as error:
        make_statement(text="<p>" + "x" * 60 + "</p>")
    assert "the limit is 50" in error.value.messages[0]
    with pytest.raises(ValidationError, match="the limit is 50"):
        sanitize_html("<p>" + "x" * 300 + "</p>")  # hopeless: refused before any cleaning


@pytest.mark.django_db
def test_statement_text_is_sanitised_on_save():
    statement = make_statement(
        text='<p onclick="x">Said <script>alert(1)</script>this</p>', speaker="Spokes\x00person"
    )
    statement.refresh_from_db()
    assert statement.text == "<p>Said this</p>"
    assert statement.speaker == "Spokesperson"


def test_removed_markup_names_what_sanitising_drops():
    assert removed_markup("<p>a<img src=x><SCRIPT>b</SCRIPT><em>c</em><table></table></p>") == [
        "img",
        "script",
        "table",
    ]
    assert removed_markup("<p>fine <a href='https://x.org'>link</a></p>") == []


def test_every_text_field_of_the_content_is_capped():
    """A 200 MB summary once reached every reader of its event: no text field is unbounded."""
    from django.apps import apps
    from django.db import models

    from claims.models.fields import SanitizedHTMLField

    unbounded = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("claims").get_models()
        if not model.__name__.startswith("Historical")  # copies of the fields checked here
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.GeneratedField)
        and not field.max_length
        and not isinstance(field, SanitizedHTMLField)  # capped after sanitising (check_size)
    ]
    assert unbounded == []
