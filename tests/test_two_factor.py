"""Staff's second factor (issue 20): required of chief editors, optional for editors (a
setting), an authenticator app (TOTP) with recovery codes; until it is given the admin is
closed and the public site treats the person as a reader."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from claims.models import Status
from tests.factories import login_as, make_event

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
TWO_FACTOR = "/admin/two-factor/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.NEWSDESK_TWO_FACTOR = True
    # A wrong code makes the next one wait (1 s, 2 s, 4 s…): tested below; off elsewhere.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


def signed_in(group, name):
    """A fresh browser-like client that gave the password (and nothing more)."""
    user = login_as(group, name).user
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": name, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    return client, user


def code_for(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_a_chief_sets_up_an_app_and_gets_recovery_codes(client):
    chief, user = signed_in("Chief editors", "chief")
    response = chief.get("/admin/claims/event/")
    assert response.status_code == 302
    assert response.url == f"{TWO_FACTOR}?next=/admin/claims/event/"
    page = chief.get(response.url).content.decode()
    key = re.search(r'<code id="totp-key">([A-Z2-7 ]+)</code>', page)[1]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert key.replace(" ", "") in device.config_url
    assert "otpauth://totp/" in page

    wrong = chief.post(TWO_FACTOR, {"code": "000000", "next": "/admin/claims/event/"})
    assert "That code is not right" in wrong.content.decode()
    done = chief.post(TWO_FACTOR, {"code": code_for(device), "next": "/admin/claims/event/"})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert chief.get("/admin/claims/event/").status_code == 200  # verified for this session


def test_the_next_login_asks_for_a_code_and_a_recovery_code_works_once():
    chief, user = signed_in("Chief editors", "chief")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    recovery = user.staticdevice_set.create(name="Recovery codes")
    recovery.token_set.create(token="recover123")
    page = chief.get(TWO_FACTOR).content.decode()
    assert "Enter the code your authenticator app shows" in page
    assert chief.post(TWO_FACTOR, {"code": "recover123"}).status_code == 302
    assert chief.get("/admin/").status_code == 200

    again, _ = signed_in("Editors", "someone-else")  # another session, same recovery code
    again.logout()
    second = Client()
    second.post("/admin/login/", {"username": "chief", "password": PASSWORD})
    response = second.post(TWO_FACTOR, {"code": "recover123"})
    assert "already used" in response.content.decode()
    assert second.post(TWO_FACTOR, {"code": code_for(device)}).status_code == 302


def test_before_the_code_a_chief_is_a_reader_on_the_public_site(client):
    chief, _ = signed_in("Chief editors", "chief")
    draft = make_event(status=Status.DRAFT)
    assert chief.get(draft.get_absolute_url()).status_code == 404
    assert chief.get(reverse("admin:claims_statement_changelist")).status_code == 302


def test_editors_need_it_only_when_the_setting_says_so(settings):
    editor, _ = signed_in("Editors", "ed")
    assert editor.get("/admin/").status_code == 200
    settings.NEWSDESK_TWO_FACTOR_FOR_EDITORS = True
    assert editor.get("/admin/").status_code == 302


def test_an_editor_who_set_one_up_is_asked_for_it(settings):
    editor, user = signed_in("Editors", "ed")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    assert editor.get("/admin/").url.startswith(TWO_FACTOR)


def test_the_page_sends_nobody_elsewhere(client):
    chief, user = signed_in("Chief editors", "chief")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = chief.post(TWO_FACTOR, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.url == "/admin/"
    assert client.get(TWO_FACTOR).url.startswith("/admin/login/")  # nobody signed in


def test_guessing_is_slowed_down(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # production's default is 1 s, doubling
    chief, user = signed_in("Chief editors", "chief")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    chief.post(TWO_FACTOR, {"code": "000000"})
    response = chief.post(TWO_FACTOR, {"code": code_for(device)})  # right, but too soon
    assert response.status_code == 200 and "not right" in response.content.decode()


def test_a_verified_person_makes_new_recovery_codes_and_the_old_stop_working():
    chief, user = signed_in("Chief editors", "chief")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    old = user.staticdevice_set.create(name="Recovery codes")
    old.token_set.create(token="oldcode123")
    assert chief.get("/admin/two-factor/recovery-codes/").url.startswith(TWO_FACTOR)
    chief.post(TWO_FACTOR, {"code": code_for(device)})
    assert "New recovery codes" in chief.get("/admin/").content.decode()
    page = chief.post("/admin/two-factor/recovery-codes/").content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(codes) == 10 and "oldcode123" not in codes
    again = Client()
    again.post("/admin/login/", {"username": "chief", "password": PASSWORD})
    assert "not right" in again.post(TWO_FACTOR, {"code": "oldcode123"}).content.decode()
    assert again.post(TWO_FACTOR, {"code": codes[0]}).status_code == 302
