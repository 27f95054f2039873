"""What only a real browser can show: layout, htmx swaps, CSP, accessibility (axe)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from claims.models import Statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "/events/lecornu-shoigu-phone-call-2024/"


def public_pages():
    statement = Statement.objects.get(speaker="the Russian Defense Ministry")
    return ["/", "/events/", "/events/?q=dialogue", SEED, "/parties/", "/parties/france/",
            statement.get_absolute_url(), "/timeline/"]  # fmt: skip


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_columns_side_by_side_on_desktop_and_stacked_on_phone(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + SEED)
    russia, france = box(page, "#side-russia"), box(page, "#side-france")
    assert abs(russia["y"] - france["y"]) < 2  # same row
    assert russia["x"] + russia["width"] <= france["x"]

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + SEED)
    russia, france = box(page, "#side-russia"), box(page, "#side-france")
    assert france["y"] > russia["y"] + russia["height"]  # stacked, same order
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_no_horizontal_scroll_at_360px_on_any_page(page, site):
    page.set_viewport_size({"width": 360, "height": 800})
    for path in public_pages():
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_denial_link_lands_on_the_highlighted_passage(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + SEED)
    page.locator(".denial a", has_text="Russian Ministry of Defence readout").click()
    expect(page).to_have_url(re.compile(r"#disputed-\d+$"))
    mark = page.locator("mark:target")
    expect(mark).to_have_text("expressed their willingness to engage in dialogue on Ukraine")
    expect(mark).to_be_in_viewport()
    # …and the mark links back to the denial.
    page.locator(".denial-ref").first.click()
    expect(page.locator(".denial:target")).to_contain_text("France denied Russia's account")


def test_typing_in_search_updates_results_and_url_without_reload(page, site):
    page.goto(site + "/events/")
    page.evaluate("window.__marker = 'same page'")
    page.get_by_label("Search events and statements").fill("Keldar")
    expect(page.locator("#results h2")).to_have_text(re.compile(r"^1 event matching"))
    expect(page).to_have_url(re.compile(r"q=Keldar"))
    assert page.evaluate("window.__marker") == "same page"  # no full page load
    page.get_by_label("Disputed only").check()
    expect(page).to_have_url(re.compile(r"disputed=on"))
    expect(page.locator("#results")).to_contain_text("Border incident at the Keldar Pass")
    # (Back and Forward: tests/browser/test_readers.py.)


def test_translation_disclosure_works_without_script(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/events/port-ambray-grain-agreement/")
    page.locator("summary", has_text="Translation (newsdesk editorial translation)").click()
    expect(page.locator("details.translation").get_by_text("1.2 million tonnes")).to_be_visible()
    page.goto(site + "/events/?q=Keldar")
    expect(page.locator("#results")).to_contain_text("Keldar")
    context.close()


def test_pages_have_no_csp_violations_and_no_axe_violations(page, site):
    axe = Axe()
    for path in [*public_pages(), "/no-such-page/"]:
        page.goto(site + path)  # the 404 page too: it is what a stale shared link shows
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], path
        results = axe.run(page)
        assert results.violations_count == 0, (path, results.generate_report())
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + SEED)
    assert axe.run(page).violations_count == 0


def test_htmx_loaded_under_the_csp(page, site):
    page.goto(site + "/events/")
    page.wait_for_function("window.htmx !== undefined")
    assert page.evaluate("htmx.config.allowEval") is False


def test_print_keeps_the_columns_side_by_side(page, site):
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    page.goto(site + SEED)
    russia, france = box(page, "#side-russia"), box(page, "#side-france")
    assert abs(russia["y"] - france["y"]) < 2
    assert page.locator(".page-nav").is_hidden()
    # Cards that may not break left page 1 blank below the column headings.
    breaks = page.eval_on_selector(".statement", "e => getComputedStyle(e).breakInside")
    assert breaks == "auto"
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_translations_print_in_full(page, site):
    page.emulate_media(media="print")
    page.goto(site + "/events/port-ambray-grain-agreement/")
    expect(page.locator(".print-only").first).to_be_visible()
    expect(page.locator(".print-only").first).to_contain_text("1.2 million tonnes")
    expect(page.locator("details.translation").first).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.locator(".print-only").first).to_be_hidden()


def test_a_statements_translation_sits_beside_it_and_prints(page, site):
    """Issue "Readers v3": at 1280 px the original and its translation were stacked, and
    printing a statement's page hid its translation."""
    statement = Statement.objects.exclude(translation="").first()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + statement.get_absolute_url())
    original, translation = box(page, ".original"), box(page, "details.translation")
    assert translation["x"] > original["x"] + original["width"] - 1
    assert abs(translation["y"] - original["y"]) < 40
    page.set_viewport_size({"width": 375, "height": 900})
    original, translation = box(page, ".original"), box(page, "details.translation")
    assert translation["y"] >= original["y"] + original["height"] - 1  # stacked on a phone
    page.emulate_media(media="print")
    expect(page.locator("details.translation > div")).to_be_visible()


PLACEHOLDER_FITS = """e => {
  const style = getComputedStyle(e);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return context.measureText(e.placeholder).width <= room;
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_search_placeholders_are_not_cut_off(page, site, width):
    """Issue "Readers v3": the search box's example was cut off."""
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/", "/fr/", "/events/", "/fr/events/"):
        page.goto(site + path)
        for field in page.locator("input[placeholder]").all():
            if field.is_visible():
                assert field.evaluate(PLACEHOLDER_FITS), (path, field.get_attribute("placeholder"))
