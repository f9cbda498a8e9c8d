"""Issue 14 end to end, in Chromium against a real server that mails through a real SMTP server
(aiosmtpd): a curator creates a topic choosing its owner with the people picker, a member asks
a question on it, the owner sees it arrive live and by e-mail (in Dutch, her language), answers
and accepts, and the asker sees the question answered on the home page."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.support.live import LiveServer
from tests.support.smtp import Inbox, parts

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def mailing_server(tmp_path_factory):
    inbox = Inbox().start()
    server = LiveServer(
        tmp_path_factory.mktemp("issue14"),
        env={"IZ_SMTP_URL": inbox.url, "IZ_MAIL_FROM": "iz@winkel.example"},
    )
    server.cli("user", "create", "admin", "--password-stdin", "--admin", input=PASSWORD + "\n")
    server.start()
    admin = requests.Session()
    admin.headers["Authorization"] = f"Bearer {server.token('admin', PASSWORD)}"
    base = server.url + "/api/v1/"
    for name, display, email in (
        ("ilse", "Ilse de Winkel", "ilse@winkel.example"),
        ("mees", "Mees Bakker", None),
    ):
        admin.post(
            base + "users",
            json={"username": name, "password": PASSWORD, "display_name": display, "email": email},
            timeout=10,
        ).raise_for_status()
    admin.post(base + "zones", json={"slug": "kassa", "name": "Kassa"}, timeout=10)
    ilse = requests.Session()
    ilse.headers["Authorization"] = f"Bearer {server.token('ilse', PASSWORD)}"
    ilse.patch(base + "me/preferences", json={"email": "instant", "language": "nl"}, timeout=10)
    yield server, inbox
    server.stop()
    inbox.stop()


def test_question_on_a_topic_reaches_its_owner_live_and_by_mail(mailing_server, new_page):
    server, inbox = mailing_server
    curator = new_page(viewport=PHONE)
    sign_in(curator, server.url, "admin", PASSWORD)
    curator.goto(server.url + "/topics")
    curator.fill("#title", "Kassaproces")
    curator.fill("#slug", "kassaproces")
    curator.locator("#owner").press_sequentially("winkel")
    curator.locator("datalist option[value=ilse]").wait_for(state="attached")
    curator.fill("#owner", "ilse")
    curator.click("#submit")
    curator.wait_for_url(server.url + "/topics/kassaproces")

    owner = new_page(viewport=PHONE)
    sign_in(owner, server.url, "ilse", PASSWORD)
    owner.goto(server.url + "/")
    badge = owner.locator("#notif-count")
    expect(badge).to_be_hidden()

    asker = new_page(viewport=PHONE)
    sign_in(asker, server.url, "mees", PASSWORD)
    asker.goto(server.url + "/topics/kassaproces")
    asker.click("#ask-question")
    asker.fill("#title", "Wie telt de lade na?")
    asker.fill("#body", "Aan het eind van de dag.")
    asker.click("#ask-form [type=submit]")
    asker.wait_for_url(re.compile(r"/questions/\d+$"))
    question_path = asker.url.removeprefix(server.url)

    expect(badge).to_have_text("1")  # live, without a reload
    (mail,) = inbox.wait(1)
    assert mail["To"] == "ilse@winkel.example"
    assert mail["Subject"] == "Mees Bakker stelde je een vraag: “Wie telt de lade na?”"
    text, html = parts(mail)
    assert server.url + question_path in text and f'href="{server.url}{question_path}"' in html
    assert "/unsubscribe/" in text

    owner.goto(server.url + question_path)  # the link in the mail
    owner.fill("#answer-form textarea", "Wie de winkel sluit, telt de lade.")
    owner.click("#answer-form [type=submit]")
    owner.locator("#answers form button").click()  # accept the answer
    expect(owner.locator("#question-status")).to_have_text("beantwoord")

    asker.goto(server.url + "/")
    expect(asker.locator("#my-questions")).to_contain_text("Wie telt de lade na?")
    expect(asker.locator("#my-questions .tag.answered")).to_be_visible()
    expect(asker.locator("#feed")).to_contain_text("Wie telt de lade na?")
    assert asker.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
