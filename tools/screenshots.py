"""Screenshots of the main screens at phone and desktop size, for reviewing the UI by eye.

Starts a real `innovationzone serve` on a fresh data folder with the demo organisation, signs
in as a demo user in headless Chromium and writes one PNG per screen and size:

    python -m tools.screenshots [--out screenshots] [--lang nl|en] [--scheme light|dark]

Chat is shot twice: as it opens, and with the last message's actions menu open.

Why a script and not a test: a reviewer looks at the pictures; tests assert behaviour.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support.live import LiveServer

SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
SCREENS = {
    "chat": "/chat",  # replaced by the first room of the zone below
    "wiki-page": "/z/kassa-vernieuwing/wiki/Onboarding/Kassa/Checklist",
    "editor": "/z/kassa-vernieuwing/wiki/Onboarding/Kassa/Checklist/edit",
    "search": "/search?q=kassa",
    "topic": "/topics/click-en-collect",
    "questions": "/questions",
    "reviews": "/reviews",
    "activity": "/activity",
}
CHROMIUM = os.environ.get("IZ_TEST_CHROMIUM", "/usr/bin/chromium")


def _first_room(page, base: str) -> str:
    page.goto(base + "/z/omnichannel/chat")
    link = page.locator("a[data-room]").first
    return link.get_attribute("href") or "/chat"


def take(out: Path, lang: str, scheme: str = "light") -> list[Path]:
    """Every screen at every size, in the system colour scheme `scheme`; the written files."""
    suffix = "" if scheme == "light" else f"-{scheme}"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as data:
        server = LiveServer(Path(data))
        server.cli("demo")
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                )
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        locale=lang,
                        color_scheme=scheme,
                    )
                    page = context.new_page()
                    page.goto(server.url + "/login")
                    page.fill("#username", "chantal")
                    page.fill("#password", "demo-wachtwoord")
                    page.click("#submit")
                    page.wait_for_url(lambda url: "/login" not in url)
                    for name, path in SCREENS.items():
                        if name == "chat":
                            path = _first_room(page, server.url)
                        page.goto(server.url + path)
                        if name == "chat":
                            page.wait_for_selector(".chat-message")
                        target = out / f"{name}-{size}{suffix}.png"
                        page.screenshot(path=str(target))
                        written.append(target)
                        if name == "chat":
                            page.locator(".chat-actions-toggle").last.click()
                            target = out / f"chat-actions-{size}{suffix}.png"
                            page.screenshot(path=str(target))
                            written.append(target)
                    context.close()
                browser.close()
        finally:
            server.stop()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--lang", choices=["nl", "en"], default="nl")
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    args = parser.parse_args()
    for path in take(args.out, args.lang, args.scheme):
        print(path)


if __name__ == "__main__":
    main()
