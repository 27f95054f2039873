"""Readers v2, as a browser shows it: the dispute on the first screen, browse that behaves with
the HTTP cache on, links to any quoted passage, charts — with and without JavaScript."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from claims.models import Statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "/events/lecornu-shoigu-phone-call-2024/"
FIRST_SCREEN = 812  # an iPhone X/11 Pro screen, in CSS pixels


def bottom(page, selector):
    box = page.locator(selector).first.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_dispute_is_on_the_first_screen(page, site, width):
    page.set_viewport_size({"width": width, "height": FIRST_SCREEN})
    page.goto(site + SEED)
    dispute = page.locator(".dispute").first
    expect(dispute).to_contain_text("France denied Russia's account")
    denied = dispute.locator(".quote-disputed")
    denying = dispute.locator(".dispute-quote").nth(1)
    expect(denied).to_contain_text("expressed their willingness to engage in dialogue on Ukraine")
    expect(denying).to_contain_text("France has neither accepted nor proposed anything")
    expect(denying).to_contain_text("Lecornu's immediate entourage, via AFP")
    for selector in (".dispute .quote-disputed", ".dispute .dispute-quote >> nth=1"):
        assert bottom(page, selector) <= FIRST_SCREEN, (width, selector)
    # Marked by the denial's colour, not by a wavy underline that reads as a spelling mistake.
    words = denied.locator("p").first
    assert words.evaluate("e => getComputedStyle(e).textDecorationStyle") != "wavy"
    assert words.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 231, 228)"


def test_a_denied_passage_says_by_whom_and_the_denial_keeps_its_speaker_in_view(page, site):
    page.set_viewport_size({"width": 375, "height": FIRST_SCREEN})
    page.goto(site + SEED)
    mark = page.locator("mark.disputed-passage")
    expect(page.locator(".denial-ref").first).to_have_text("denied by France")
    assert "dashed" in mark.evaluate("e => getComputedStyle(e).borderBottomStyle")
    page.locator(".denial-ref").first.click()
    denial = page.locator(".denial:target")
    expect(denial.locator(".denial-who")).to_be_in_viewport()
    expect(denial).to_contain_text("Lecornu's immediate entourage")
    # The box names the claim no more: it says who denied what, once.
    expect(denial).not_to_contain_text("Both ministers expressed")


def test_back_and_forward_restore_whole_pages_with_the_http_cache_on(page, site):
    page.goto(site + "/events/")
    page.get_by_label("Search events and statements").fill("Keldar")
    expect(page.locator("#results-title")).to_have_text(re.compile(r"^1 event matching"))
    expect(page).to_have_url(re.compile(r"/events/\?q=Keldar$"))  # no empty fields
    page.get_by_role("link", name="Border incident at the Keldar Pass").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Border incident at the Keldar Pass")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/events/\?q=Keldar$"))
    # The whole page, styled — not the bare results fragment the browser also cached.
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # site.css
    expect(page.locator("#results-title")).to_have_text(re.compile(r"^1 event matching"))
    page.go_forward()
    expect(page.get_by_role("heading", level=1)).to_have_text("Border incident at the Keldar Pass")


def test_typing_replaces_the_address_and_paging_pushes_it_and_moves_focus(page, site):
    from tests.factories import make_event

    for number in range(30):
        make_event(title=f"Browse filler {number}")
    page.goto(site + "/events/")
    start = page.evaluate("history.length")
    search = page.get_by_label("Search events and statements")
    for word in ("B", "Br", "Brow", "Browse"):
        search.fill(word)
        page.wait_for_timeout(600)  # a pause long enough for each to be sent
    expect(page).to_have_url(re.compile(r"q=Browse$"))
    assert page.evaluate("history.length") == start  # replaced, never stacked
    search.fill("")
    expect(page).to_have_url(re.compile(r"/events/$"))
    page.get_by_role("link", name="Older →").click()
    expect(page).to_have_url(re.compile(r"before="))
    assert page.evaluate("history.length") == start + 1
    expect(page.locator("#results-title")).to_be_focused()


def test_htmx_is_loaded_only_where_it_is_used(page, site):
    page.goto(site + SEED)
    assert page.evaluate("typeof window.htmx") == "undefined"
    page.goto(site + "/events/")
    page.wait_for_function("window.htmx !== undefined")


def test_a_link_to_any_passage_highlights_it(page, site):
    statement = Statement.objects.get(speaker="Shoigu said in Moscow")
    words = "We believe that the French secret services are not behind this case"
    page.goto(site + statement.get_absolute_url())
    # Select words in the text, then make the link from them.
    page.evaluate(
        """words => {
            const text = document.getElementById('statement-text');
            const node = [...text.querySelectorAll('p')][0].firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        words,
    )
    page.get_by_role("button", name="Use the words I selected").click()
    expect(page.locator("mark#quote")).to_have_text(words)
    link = page.locator("#quote-url").input_value()
    assert link.endswith("#quote") and "quote=" in link
    address = urlsplit(link)  # on the configured site address: open it on the test server
    page.goto(f"{site}{address.path}?{address.query}#{address.fragment}")
    expect(page.locator("mark#quote")).to_be_in_viewport()
    assert page.evaluate("window.__csp") == []


def test_quote_links_and_browse_work_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    statement = Statement.objects.get(speaker="Shoigu said in Moscow")
    page.goto(site + statement.get_absolute_url())
    page.get_by_label("Words to link to").fill("the French secret services")
    page.get_by_role("button", name="Make a link").click()
    expect(page.locator("mark#quote")).to_have_text("the French secret services")
    expect(page.locator("#quote-url")).to_have_value(re.compile(r"quote=the\+French"))
    # Browse without JavaScript: the form's empty fields are dropped from the address.
    page.goto(site + "/events/")
    page.get_by_label("Search events and statements").fill("Keldar")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/events/\?q=Keldar$"))
    expect(page.locator("#results")).to_contain_text("Border incident at the Keldar Pass")
    context.close()


def test_charts_render_with_text_alternatives_and_no_axe_violations(page, site):
    axe = Axe()
    for path, chart in [
        (SEED, ".timeline-chart"),
        ("/", ".matrix-chart"),
        ("/parties/valdoria/", ".delay-chart"),
        ("/parties/valdoria/", ".matrix-chart"),
    ]:
        page.goto(site + path)
        svg = page.locator(chart)
        expect(svg).to_be_visible()
        assert svg.locator("title").first.text_content().strip()
        assert svg.locator("desc").first.text_content().strip()
        assert page.evaluate("window.__csp") == [], path
        results = axe.run(page)
        assert results.violations_count == 0, (path, results.generate_report())
    page.goto(site + "/")
    page.locator(".matrix-chart a").first.click()  # a square of the heat map: those rebuttals
    expect(page).to_have_url(re.compile(r"/timeline/\?side=.+&against="))
    expect(page.locator(".rebuttal-item")).to_have_count(1)
