"""A chief editor's first login in a real browser: password, then the authenticator app is
set up from the key the page shows, recovery codes, and the admin opens (issue 20)."""

import base64

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def test_a_chiefs_first_login_sets_up_the_second_factor(page, live_server, settings):
    settings.NEWSDESK_TWO_FACTOR = True
    user = get_user_model().objects.create_user("chief", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Chief editors"))

    page.goto(f"{live_server.url}/admin/claims/event/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Set up a second factor")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    key = page.locator("#totp-key").inner_text().replace(" ", "")  # as a person would type it
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Code").fill(f"{TOTP(secret).token():06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Select event to change")).to_be_visible()
    assert page.evaluate("window.__csp") == []
