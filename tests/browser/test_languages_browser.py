"""French pages in a real browser: accessible (axe), no CSP violation, and a language switcher
that works without JavaScript and keeps the reader on the same page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from claims.models import Statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "/events/lecornu-shoigu-phone-call-2024/"


def test_french_pages_have_no_axe_or_csp_violations(page, site):
    axe = Axe()
    statement = Statement.objects.published().first().get_absolute_url()
    for path in ["/fr/", "/fr/events/", f"/fr{SEED}", "/fr/parties/valdoria/", "/fr/timeline/",
                 f"/fr{statement}", "/fr/data/"]:  # fmt: skip
        page.goto(site + path)
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.evaluate("window.__csp") == [], path
        results = axe.run(page)
        assert results.violations_count == 0, (path, results.generate_report())


def test_the_switcher_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/events/?q=Keldar")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/events/\?q=Keldar$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Événements")
    expect(page.locator("#results")).to_contain_text("Incident frontalier au col de Keldar")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/events/\?q=Keldar$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    context.close()
