"""The caller's own account through the API: PATCH /me with e-mail, and the preferences."""


def test_patch_me_changes_only_what_is_sent(api_as):
    ann = api_as("ann", department="IT")
    changed = ann.patch("me", {"email": "ann@winkel.example", "department": "Marketing"})
    assert changed.status_code == 200
    assert changed.json == {
        "username": "ann",
        "display_name": "Ann",
        "department": "Marketing",
        "is_admin": False,
        "email": "ann@winkel.example",
    }
    assert ann.get("me").json["email"] == "ann@winkel.example"
    assert ann.patch("me", {"display_name": "Ann Smit"}).json["email"] == "ann@winkel.example"
    assert ann.patch("me", {"email": None}).json["email"] is None


def test_patch_me_refuses_bad_input_with_400(api_as):
    ann = api_as("ann")
    for body in (
        {"email": "not an address"},
        {"email": "ann@winkel.example\r\nBcc: all@example.com"},
        {"email": 12},
        {"display_name": ""},
        {"department": "x" * 81},
    ):
        response = ann.patch("me", body)
        assert response.status_code == 400, body
        assert response.json["error"] and response.json["message"]
    assert ann.patch("me", ["email"]).status_code == 400
    assert ann.get("me").json["email"] is None


def test_admin_creates_a_user_with_email(api_as):
    admin = api_as("root", admin=True)
    created = admin.post(
        "users", {"username": "bob", "password": "long-enough", "email": "bob@winkel.example"}
    )
    assert created.status_code == 201 and created.json["email"] == "bob@winkel.example"
    bad = admin.post("users", {"username": "cor", "password": "long-enough", "email": "cor@"})
    assert bad.status_code == 400


def test_preferences_default_daily_and_change(api_as):
    ann = api_as("ann")
    assert ann.get("me/preferences").json == {"email": "daily", "language": None}
    changed = ann.patch("me/preferences", {"email": "instant", "language": "nl"})
    assert changed.status_code == 200 and changed.json == {"email": "instant", "language": "nl"}
    assert ann.get("me/preferences").json == {"email": "instant", "language": "nl"}
    assert ann.patch("me/preferences", {"email": "off"}).json == {"email": "off", "language": "nl"}
    for body in ({"email": "weekly"}, {"language": "de"}, {"email": None}):
        response = ann.patch("me/preferences", body)
        assert response.status_code == 400 and response.json["error"] == "invalid", body
    assert ann.get("me/preferences").json == {"email": "off", "language": "nl"}


def test_the_cli_takes_an_email(app):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "dave", "--password-stdin", "--email", "dave@winkel.example"],
        input="long-enough\n",
    )
    assert result.exit_code == 0, result.output
    from innovationzone.accounts.services import get_user

    with app.app_context():
        assert get_user("dave").email == "dave@winkel.example"


def test_profile_form_sets_email_and_how_to_mail(api_as, browser_login):
    from tests.support.clients import page_csrf

    client = browser_login("ann")
    page = client.get("/profile").get_data(as_text=True)
    assert 'name="profile-email"' in page and 'name="profile-email_pref"' in page

    def submit(email: str, pref: str) -> str:
        return client.post(
            "/profile",
            data={
                "profile-csrf_token": page_csrf(page),
                "profile-display_name": "Ann",
                "profile-locale": "",
                "profile-email": email,
                "profile-email_pref": pref,
                "profile-submit": "1",
            },
            follow_redirects=True,
        ).get_data(as_text=True)

    assert "Profile saved" in submit("ann@winkel.example", "instant")
    ann = api_as("ann")
    assert ann.get("me").json["email"] == "ann@winkel.example"
    assert ann.get("me/preferences").json["email"] == "instant"
    refused = submit("geen adres", "off")
    assert ann.get("me").json["email"] == "ann@winkel.example"
    assert ann.get("me/preferences").json["email"] == "instant"
    assert "geen adres" in refused
