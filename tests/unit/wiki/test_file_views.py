"""Attachments (allow-list, real images only, hostile SVG and HTML never run in our origin)
and moving a zone's wiki out and back in as Markdown files."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from tests.support.clients import submit_form

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>fetch('/api/v1/me')</script></body></html>"


@pytest.fixture
def ann(session_app, browser_login, api_as):
    """ann, signed in, with her page `Plattegrond` in `winkels` that links an image and a
    drawing (the zone and page built once a session: session_app.load_once)."""
    session_app.load_once("plattegrond", lambda: _build_plattegrond(api_as))
    return browser_login("ann")


def _build_plattegrond(api_as) -> None:  # noqa: ANN001 - the api_as fixture
    api = api_as("ann")
    api.post("zones", {"slug": "winkels", "name": "Winkels"})
    api.put(
        "zones/winkels/pages/Plattegrond",
        {
            "title": "Plattegrond",
            "body": "![winkel](winkel.png)\n\n[tekening](tekening.svg)",
            "base_revision": None,
        },
    )


def upload(client, name: str, data: bytes, path="Plattegrond"):
    return submit_form(
        client,
        f"/z/winkels/wiki/{path}",
        {"file": (io.BytesIO(data), name)},
        to=f"/z/winkels/wiki/{path}/attachments",
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def fetch(client, url: str):
    """GET a file and close the response, so the file it streams is closed too."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def test_image_attachment_shows_inline_and_markdown_points_at_it(ann):
    assert "Attached winkel.png" in upload(ann, "winkel.png", PNG).get_data(as_text=True)
    page = ann.get("/z/winkels/wiki/Plattegrond").get_data(as_text=True)
    assert 'src="/z/winkels/wiki/Plattegrond/files/winkel.png"' in page
    image = fetch(ann, "/z/winkels/wiki/Plattegrond/files/winkel.png")
    assert image.status_code == 200 and image.data == PNG and image.mimetype == "image/png"
    assert "attachment" not in image.headers.get("Content-Disposition", "")
    assert "sandbox" in image.headers["Content-Security-Policy"]


def test_hostile_svg_is_only_a_download(ann):
    assert "Attached" in upload(ann, "tekening.svg", SVG).get_data(as_text=True)
    response = fetch(ann, "/z/winkels/wiki/Plattegrond/files/tekening.svg")
    assert response.status_code == 200
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_html_and_fake_images_are_refused(ann):
    assert "cannot be attached" in upload(ann, "evil.html", HTML).get_data(as_text=True)
    assert "not a real .png image" in upload(ann, "evil.png", HTML).get_data(as_text=True)
    assert ann.get("/z/winkels/wiki/Plattegrond/files/evil.html").status_code == 404
    assert ann.get("/z/winkels/wiki/Plattegrond/files/evil.png").status_code == 404


def test_attachment_size_limit(app, ann):
    app.config["WIKI_MAX_ATTACHMENT_BYTES"] = 1000
    assert "limited to" in upload(ann, "groot.png", PNG + b"\x00" * 2000).get_data(as_text=True)


def test_outsiders_cannot_fetch_private_attachments(api_as, browser_login):
    api = api_as("ann")
    api.post("zones", {"slug": "geheim", "name": "Geheim", "visibility": "private"})
    api.put("zones/geheim/pages/Plan", {"title": "Plan", "body": "x", "base_revision": None})
    ann = browser_login("ann")
    submit_form(
        ann,
        "/z/geheim/wiki/Plan",
        {"file": (io.BytesIO(PNG), "a.png")},
        to="/z/geheim/wiki/Plan/attachments",
        content_type="multipart/form-data",
    )
    assert fetch(ann, "/z/geheim/wiki/Plan/files/a.png").status_code == 200
    assert browser_login("olaf").get("/z/geheim/wiki/Plan/files/a.png").status_code == 404


def test_export_and_import_round_trip(app, ann, api_as, tmp_path):
    api = api_as("ann")
    api.put(
        "zones/winkels/pages/Onboarding/Kassa/Checklist",
        {
            "title": "Kassa: checklist",
            "body": "# Kassa\n\nZie [[Plattegrond]].\n",
            "base_revision": None,
        },
    )
    upload(ann, "winkel.png", PNG)
    export = ann.get("/z/winkels/wiki/_export")
    assert export.status_code == 200 and export.mimetype == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(export.data)).namelist())
    assert names == {
        "Plattegrond.md",
        "Onboarding/Kassa/Checklist.md",
        "Plattegrond/_files/winkel.png",
    }
    archive = tmp_path / "export.zip"
    archive.write_bytes(export.data)
    api.post("zones", {"slug": "kopie", "name": "Kopie"})
    result = app.test_cli_runner().invoke(
        args=["wiki", "import", "kopie", str(archive), "--as", "ann"]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 2 pages and 1 attachments" in result.output
    for path in ("Plattegrond", "Onboarding/Kassa/Checklist"):
        original, copy = (
            api.get(f"zones/{zone}/pages/{path}").json for zone in ("winkels", "kopie")
        )
        assert (copy["title"], copy["body"]) == (original["title"], original["body"])
    assert fetch(ann, "/z/kopie/wiki/Plattegrond/files/winkel.png").data == PNG


def test_import_of_a_plain_folder_keeps_hierarchy_and_images(app, api_as, tmp_path):
    api = api_as("ann")
    api.post("zones", {"slug": "docs", "name": "Docs"})
    (tmp_path / "Retouren").mkdir()
    (tmp_path / "Retouren" / "Proces.md").write_text("# Retourproces\n\n![stroom](stroom.png)\n")
    (tmp_path / "Retouren" / "stroom.png").write_bytes(PNG)
    (tmp_path / "Welkom.md").write_text("Hallo")
    (tmp_path / "script.html").write_bytes(HTML)
    (tmp_path / "..hidden.md").write_text("x")
    result = app.test_cli_runner().invoke(
        args=["wiki", "import", "docs", str(tmp_path), "--as", "ann"]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 2 pages and 1 attachments" in result.output and "script.html" in result.output
    assert {p["path"] for p in api.get("zones/docs/pages").json["pages"]} == {
        "Retouren/Proces",
        "Welkom",
    }
    assert (
        "/z/docs/wiki/Retouren/Proces/files/stroom.png"
        in api.get("zones/docs/pages/Retouren/Proces").json["html"]
    )


def _symlink_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, str]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


def test_zip_entries_that_climb_out_or_link_elsewhere_are_refused(app, api_as, tmp_path):
    api = api_as("ann")
    api.post("zones", {"slug": "docs", "name": "Docs"})
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../buiten.md", "x")
        zf.writestr("/etc/cron.d/iz.md", "x")
        zf.writestr("..\\..\\windows.md", "x")
        zf.writestr(*_symlink_entry("wachtwoorden.md", "/etc/passwd"))
        zf.writestr("binnen.md", "y")
    result = app.test_cli_runner().invoke(
        args=["wiki", "import", "docs", str(archive), "--as", "ann"]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 1 pages" in result.output
    for name in ("../../buiten.md", "/etc/cron.d/iz.md", "..\\..\\windows.md"):
        assert f"skipped {name}: refused, the path leaves the archive." in result.output
    assert "skipped wachtwoorden.md: refused, symbolic links are not imported." in result.output
    assert [p["path"] for p in api.get("zones/docs/pages").json["pages"]] == ["binnen"]


def test_zip_bomb_is_refused_before_anything_is_unpacked(app, api_as, tmp_path):
    app.config["WIKI_IMPORT_MAX_BYTES"] = 1_000_000
    api = api_as("ann")
    api.post("zones", {"slug": "docs", "name": "Docs"})
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("klein.md", "eerst")
        for n in range(3):
            zf.writestr(f"nul{n}.md", b"\0" * 400_000)  # 1.2 MB that packs into a few KB
    assert archive.stat().st_size < 20_000
    result = app.test_cli_runner().invoke(
        args=["wiki", "import", "docs", str(archive), "--as", "ann"]
    )
    assert result.exit_code != 0
    assert "The archive unpacks to more than 1 MB; nothing was imported." in result.output
    assert api.get("zones/docs/pages").json["pages"] == []
