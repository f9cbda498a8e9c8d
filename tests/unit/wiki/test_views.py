"""The wiki in the browser's HTML: page, editor, preview, conflict page, history, diff, revert,
files, moving and deleting, through a signed-in test client."""

from __future__ import annotations

import re

from tests.support.clients import page_csrf, submit_form


def _zone(client, slug="winkels", visibility="public"):
    token = page_csrf(client.get("/").get_data(as_text=True))
    response = client.post(
        "/api/v1/zones",
        json={"slug": slug, "name": slug.title(), "visibility": visibility},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def _save(client, path, body, base="", title="", summary="", section=""):
    return submit_form(
        client,
        f"/z/winkels/wiki/{path}/edit",
        {
            "title": title,
            "body": body,
            "base_revision": base,
            "summary": summary,
            "section": section,
        },
    )


def test_create_view_edit_history_diff(browser_login):
    ann = browser_login("ann")
    _zone(ann)
    missing = ann.get("/z/winkels/wiki/Onboarding/Kassa/Checklist")
    assert missing.status_code == 404 and "Create this page" in missing.get_data(as_text=True)
    assert _save(ann, "Onboarding/Kassa/Checklist", "# Kassa\n\nOpen de lade.\n").status_code == 302
    page = ann.get("/z/winkels/wiki/Onboarding/Kassa/Checklist").get_data(as_text=True)
    assert "Open de lade." in page and 'id="tab-wiki"' in page and "Onboarding" in page
    assert (
        _save(
            ann, "Onboarding/Kassa/Checklist", "# Kassa\n\nOpen de kassalade.\n", base="1"
        ).status_code
        == 302
    )
    history = ann.get("/z/winkels/wiki/Onboarding/Kassa/Checklist/history").get_data(as_text=True)
    assert "r2" in history and "r1" in history
    diff = ann.get("/z/winkels/wiki/Onboarding/Kassa/Checklist/diff?from=1&to=2").get_data(
        as_text=True
    )
    assert "<del>lade</del>" in diff and "<ins>kassalade</ins>" in diff
    index = ann.get("/z/winkels/wiki").get_data(as_text=True)
    assert "Checklist" in index
    assert "Checklist" in ann.get("/wiki/changes").get_data(as_text=True)


def test_conflict_page_shows_both_versions_and_resolves(browser_login):
    ann, bob = browser_login("ann"), browser_login("bob")
    _zone(ann)
    _save(ann, "Retour", "regel een\nregel twee\n")
    assert _save(bob, "Retour", "regel een\nregel 2 van bob\n", base="1").status_code == 302
    conflict = _save(ann, "Retour", "regel een\nregel 2 van ann\n", base="1")
    html = conflict.get_data(as_text=True)
    assert conflict.status_code == 409
    assert (
        "regel 2 van bob" in html
        and "regel 2 van ann" in html
        and "&lt;&lt;&lt;&lt;&lt;&lt;&lt;" in html
    )
    assert re.search(r'name="base_revision" type="hidden" value="2"', html)
    assert _save(ann, "Retour", "regel een\nregel 2 van beiden\n", base="2").status_code == 302
    assert "regel 2 van beiden" in ann.get("/z/winkels/wiki/Retour").get_data(as_text=True)


def test_a_dutch_editor_gets_the_conflict_markers_in_dutch(browser_login):
    """The markers' labels are text the writer edits away by hand: a Dutch editor read the
    English "saved meanwhile" / "your edit" inside the Dutch instructions around them."""
    ann, bob = browser_login("ann"), browser_login("bob")
    ann.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    _zone(ann)
    _save(ann, "Retour", "regel een\nregel twee\n")
    assert _save(bob, "Retour", "regel een\nregel 2 van bob\n", base="1").status_code == 302
    conflict = _save(ann, "Retour", "regel een\nregel 2 van ann\n", base="1")
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt; intussen opgeslagen\n" in html
    assert "&gt;&gt;&gt;&gt;&gt;&gt;&gt; jouw wijziging\n" in html


def test_section_edit_and_preview(browser_login):
    ann = browser_login("ann")
    _zone(ann)
    _save(
        ann,
        "Lang",
        "# Een\n\neerste\n\n## Twee\n\ntweede\n\n```\n# geen kop\n```\n\n# Drie\n\nderde\n",
    )
    page = ann.get("/z/winkels/wiki/Lang").get_data(as_text=True)
    assert 'data-sections="3"' in page
    editor = ann.get("/z/winkels/wiki/Lang/edit?section=2").get_data(as_text=True)
    assert "tweede" in editor and "eerste" not in editor
    assert _save(ann, "Lang", "## Twee\n\nnieuw\n", base="1", section="2").status_code == 302
    body = ann.get("/api/v1/zones/winkels/pages/Lang").json["body"]
    assert "eerste" in body and "nieuw" in body and "tweede" not in body and "derde" in body
    token = page_csrf(page)
    preview = ann.post(
        "/z/winkels/wiki/_preview",
        json={"path": "Lang", "body": "**vet** <script>x</script>"},
        headers={"X-CSRFToken": token},
    )
    assert preview.status_code == 200 and "<strong>vet</strong>" in preview.json["html"]
    assert "<script" not in preview.json["html"]


def test_revert_rename_delete_restore_from_html(browser_login):
    ann = browser_login("ann")
    _zone(ann)
    _save(ann, "Oud", "versie een\n")
    _save(ann, "Oud", "versie twee\n", base="1")
    wiki = "/z/winkels/wiki"
    reverted = submit_form(ann, f"{wiki}/Oud/revisions/1", {"revision": 1}, to=f"{wiki}/Oud/revert")
    assert reverted.status_code == 302
    assert "versie een" in ann.get(f"{wiki}/Oud").get_data(as_text=True)
    renamed = submit_form(ann, f"{wiki}/Oud", {"path": "Nieuw"}, to=f"{wiki}/Oud/rename")
    assert renamed.status_code == 302
    moved = ann.get(f"{wiki}/Oud")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"{wiki}/Nieuw")
    assert submit_form(ann, f"{wiki}/Nieuw", to=f"{wiki}/Nieuw/delete").status_code == 302
    assert ann.get(f"{wiki}/Nieuw").status_code == 404
    assert "Nieuw" in ann.get(f"{wiki}/_deleted").get_data(as_text=True)
    assert submit_form(ann, f"{wiki}/_deleted", to=f"{wiki}/Nieuw/restore").status_code == 302
    assert ann.get("/z/winkels/wiki/Nieuw").status_code == 200


def test_private_zone_wiki_is_404_for_outsiders(browser_login):
    ann, olaf = browser_login("ann"), browser_login("olaf")
    _zone(ann, "geheim", "private")
    submit_form(ann, "/z/geheim/wiki/Plan/edit", {"body": "plan", "base_revision": ""})
    for url in (
        "/z/geheim/wiki",
        "/z/geheim/wiki/Plan",
        "/z/geheim/wiki/Plan/history",
        "/z/geheim/wiki/Plan/edit",
        "/z/geheim/wiki/_export",
        "/z/geheim/wiki/Nope",
    ):
        assert olaf.get(url).status_code == 404, url
