import pytest
from django.contrib.auth import get_user_model

from claims import demo as demo_data
from claims.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_runs_under_the_strict_csp(page, live_server):
    demo_data.load()
    get_user_model().objects.create_superuser("chief", password="a-long-test-password")
    event = Event.objects.get(slug="lecornu-shoigu-phone-call-2024")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    for path in [
        "/admin/",
        "/admin/claims/statement/",
        "/admin/claims/statement/add/",
        f"/admin/claims/event/{event.pk}/change/",
        "/admin/claims/denial/add/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], path
    # Staff preview a draft on the public design, under the banner.
    page.goto(live_server.url + "/events/cape-sorrel-naval-exercise/")
    assert "Draft — not public" in page.content()
