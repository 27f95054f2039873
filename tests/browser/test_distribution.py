"""The embeddable card in another site's page, and the API's documentation, in a real browser."""

import functools
import http.server
import threading

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "/events/lecornu-shoigu-phone-call-2024/"


@pytest.fixture
def other_site(tmp_path):
    """Another web site (another origin: another port of 127.0.0.1), serving ``host.html``."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_card_renders_in_another_sites_frame_and_other_pages_refuse(page, site, other_site):
    folder, address = other_site
    (folder / "host.html").write_text(
        f'<iframe id="card" src="{site}{SEED}embed/" width="600" height="320"></iframe>'
        f'<iframe id="page" src="{site}{SEED}" width="600" height="320"></iframe>'
    )
    page.goto(f"{address}/host.html")
    card = page.frame_locator("#card")
    expect(card.locator("h1")).to_contain_text("Phone call between the French and Russian")
    expect(card.locator(".embed-sentence")).to_have_text(
        "France denied Russia's account — the same day"
    )
    link = card.locator("h1 a")
    assert link.get_attribute("target") == "_blank"
    page.wait_for_timeout(500)
    framed = page.frame(url=lambda url: url.endswith(SEED))
    # The full page refuses to be framed (frame-ancestors 'none'): nothing of it loads.
    assert framed is None or framed.locator("h1").count() == 0


def test_the_api_documentation_works_under_the_csp(page, site):
    page.goto(site + "/api/v1/docs")
    expect(page.get_by_text("Newsdesk API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/statements").first).to_be_visible()
    assert page.evaluate("window.__csp") == []
