"""What saves browsers and the server work: fingerprinted static files cached for a year,
ETag/304 on repeated GETs, compressed text, and authentication in one indexed lookup."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

from innovationzone import paths
from innovationzone.accounts import credential_services
from innovationzone.accounts.models import User
from innovationzone.extensions import db
from tests.support.statements import recorded

STATIC_RE = re.compile(r'(?:src|href)="(/static/([^"?]+)\?v=([0-9a-f]+))"')


def test_static_files_get_content_hashed_urls_and_are_cached_for_a_year(client):
    html = client.get("/login").get_data(as_text=True)
    found = STATIC_RE.findall(html)
    assert found, "the login page links no fingerprinted static file"
    for url, filename, version in found:
        content = (Path(paths.static()) / filename).read_bytes()
        assert version == hashlib.sha256(content).hexdigest()[:12]
        with client.get(url) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        with client.get(f"/static/{filename}") as plain:  # unversioned: revalidated
            assert "immutable" not in plain.headers.get("Cache-Control", "")
        with client.get(f"/static/{filename}?v=0000") as stale:
            assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_every_page_links_an_svg_icon_the_browser_gets(client):
    # Without one, each browser's first visit asks for /favicon.ico and the log shows a 404.
    html = client.get("/login").get_data(as_text=True)
    link = re.search(r'<link rel="icon" type="image/svg\+xml" href="(/static/[^"]+)"', html)
    assert link, "the base page links no icon"
    with client.get(link.group(1)) as icon:
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml" and icon.data.startswith(b"<svg")


def test_a_repeated_get_answers_304_until_the_content_changes(api_as):
    api = api_as("ann")
    assert api.post("zones", {"slug": "team", "name": "Team"}).status_code == 201
    body = {"title": "Plan", "body": "Eerste versie", "base_revision": None}
    assert api.put("zones/team/pages/Plan", body).status_code == 201
    # JSON answers are the same for every reader (HTML pages carry a per-second CSRF token).
    for url in ("zones/team/pages/Plan", "zones/team/pages", "zones/team/tree"):
        first = api.get(url)
        etag = first.headers["ETag"]
        again = api.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b"", (url, etag, again.headers)
    etag = api.get("zones/team/pages/Plan").headers["ETag"]
    saved = api.put("zones/team/pages/Plan", {**body, "body": "Tweede versie", "base_revision": 1})
    assert saved.status_code == 200, saved.get_json()
    changed = api.get("zones/team/pages/Plan", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Tweede versie" in changed.get_json()["body"]


def test_text_is_compressed_for_clients_that_accept_it_and_stays_conditional(api_as):
    api = api_as("ann")
    assert api.post("zones", {"slug": "team", "name": "Team"}).status_code == 201
    text = "Een lange alinea over de kassa en het retourproces. " * 200
    api.put("zones/team/pages/Plan", {"title": "Plan", "body": text, "base_revision": None})
    plain = api.get("zones/team/pages/Plan")
    packed = api.get("zones/team/pages/Plan", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 4
    again = api.get(
        "zones/team/pages/Plan",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304


def test_a_bearer_token_is_resolved_with_one_query(ctx, make_user):
    user = db.session.get(User, make_user("ann"))
    token, secret = credential_services.create_token(user, "cli")
    token_id = token.id
    db.session.expunge_all()  # a new request: nothing in the identity map yet
    with recorded(db.engine) as statements:
        found, found_token_id = credential_services.user_for_token(secret)
        assert found.username == "ann" and found.active and found_token_id == token_id
    assert len([s for s in statements if s.lstrip().startswith("select")]) == 1


def test_the_cached_contents_list_follows_every_save_and_retitle(api_as):
    api = api_as("ann")
    assert api.post("zones", {"slug": "team", "name": "Team"}).status_code == 201
    body = "## Kassa\n\ntekst\n\n## Retour\n\ntekst\n\n## Voorraad\n\ntekst\n"
    page = {"title": "Plan", "body": body, "base_revision": None}
    assert api.put("zones/team/pages/Plan", page).status_code == 201
    first = api.get("/z/team/wiki/Plan").get_data(as_text=True)
    assert 'href="#voorraad"' in first
    changed = body.replace("Voorraad", "Bezorging")
    api.put("zones/team/pages/Plan", {**page, "body": changed, "base_revision": 1})
    second = api.get("/z/team/wiki/Plan").get_data(as_text=True)
    assert 'href="#bezorging"' in second and 'href="#voorraad"' not in second
    # The same body under another page: the outline is computed for that title, not reused.
    other = {"title": "Kassa", "body": "# Kassa\n\n" + changed, "base_revision": None}
    api.put("zones/team/pages/Ander", other)
    assert 'id="page-title"' not in api.get("/z/team/wiki/Ander").get_data(as_text=True)
