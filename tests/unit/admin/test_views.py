"""Admin pages: reset a password, change a department, departments, all zones, the audit log
of admin and curator actions; nobody but admins gets in."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.support.clients import submit_form


def _post(client, path: str, data: dict):  # noqa: ANN001
    """An admin form of /admin/users, sent to its user's action."""
    return submit_form(client, "/admin/users", data, to=path)


def test_only_admins_reach_the_admin_pages(api_as, browser_login):
    api_as("bob")
    member = browser_login("cor")
    for path in ("/admin/departments", "/admin/zones", "/admin/audit"):
        assert member.get(path).status_code == 403, path
    assert (
        _post(member, "/admin/users/bob/password", {"password": "new-password-1"}).status_code
        == 403
    )
    assert _post(member, "/admin/users/bob/department", {"department": "X"}).status_code == 403
    assert api_as("bob").get("me").json["department"] == "IT"


def test_admin_resets_a_password_and_their_sign_ins_end(app, api_as, browser_login, client):
    bob = api_as("bob")
    admin = browser_login("root", admin=True)
    response = _post(admin, "/admin/users/bob/password", {"password": "brand-new-pass"})
    assert response.status_code == 302
    assert bob.get("me").status_code == 401  # the token bob had is gone
    old = client.post("/api/v1/tokens", json={"username": "bob", "password": PASSWORD})
    new = client.post("/api/v1/tokens", json={"username": "bob", "password": "brand-new-pass"})
    assert (old.status_code, new.status_code) == (401, 201)
    _post(admin, "/admin/users/bob/password", {"password": "short"})  # refused, nothing changes
    again = client.post("/api/v1/tokens", json={"username": "bob", "password": "brand-new-pass"})
    assert again.status_code == 201
    log = admin.get("/admin/audit").get_data(as_text=True)
    assert log.count("user.password_reset") == 1 and "bob" in log


def test_departments_zones_and_the_audit_of_curators(api_as, browser_login):
    ann, bob = api_as("ann", department="Marketing"), api_as("bob", department="IT")
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    ann.post("zones/kassa/members", {"username": "bob"})
    ann.delete("zones/kassa/members/bob")
    post = ann.post("zones/kassa/posts", {"title": "Plan", "body": "x", "status": "published"})
    comment = ann.post(f"posts/{post.json['id']}/comments", {"body": "hmm"}).json["id"]
    ann.patch(f"comments/{comment}", {"hidden": True})
    admin = browser_login("root", admin=True)
    assert (
        _post(admin, "/admin/users/bob/department", {"department": "Logistiek"}).status_code == 302
    )
    assert bob.get("me").json["department"] == "Logistiek"

    departments = admin.get("/admin/departments").get_data(as_text=True)
    assert "Logistiek" in departments and "Marketing" in departments
    zones = admin.get("/admin/zones").get_data(as_text=True)
    assert "Kassa" in zones  # private, and the admin is not a member
    log = admin.get("/admin/audit").get_data(as_text=True)
    for action in (
        "zone.member_added",
        "zone.member_removed",
        "comment.hidden",
        "user.department",
    ):
        assert action in log, action
    assert "kassa: bob" in log and "IT → Logistiek" in log


def test_creation_and_deactivation_are_audited(api_as, browser_login):
    root = api_as("root", admin=True)
    assert root.post("users", {"username": "bob", "password": PASSWORD}).status_code == 201
    bob = api_as("bob")
    admin = browser_login("root", admin=True)
    assert _post(admin, "/admin/users/bob/active", {"active": "0"}).status_code == 302
    assert bob.get("me").status_code == 401
    log = admin.get("/admin/audit").get_data(as_text=True)
    assert "user.deactivated" in log and "user.created" in log


def test_the_audit_log_says_what_happened_in_the_readers_language(api_as, browser_login):
    """The log showed its codes ('zone.member_added', detail 'member'), in English on a Dutch
    page and, on a phone, broken a few letters a line; it says what happened in words."""
    ann = api_as("ann")
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "public"})
    api_as("bob")
    ann.post("zones/kassa/members", {"username": "bob"})
    ann.patch("zones/kassa", {"visibility": "private"})
    admin = browser_login("root", admin=True)
    dutch = admin.get("/admin/audit", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Lid toegevoegd" in dutch and "Zichtbaarheid gewijzigd" in dutch
    assert ">privé<" in dutch and ">lid<" in dutch
    assert "<code>zone.member_added</code>" not in dutch
    english = admin.get("/admin/audit", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Member added" in english and 'data-action="zone.member_added"' in english
