"""Tokens, /me and admin user creation through the JSON API, on SQLite and PostgreSQL."""

from tests.conftest import PASSWORD


def test_token_for_correct_password_and_me(client, make_user):
    make_user("ann", department="Marketing", display_name="Ann Smit")
    response = client.post("/api/v1/tokens", json={"username": "ann", "password": PASSWORD})
    assert response.status_code == 201
    token = response.json["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json == {
        "username": "ann",
        "display_name": "Ann Smit",
        "department": "Marketing",
        "is_admin": False,
        "email": None,
    }


def test_wrong_password_is_401_in_contract_shape(client, make_user):
    make_user("ann")
    response = client.post("/api/v1/tokens", json={"username": "ann", "password": "nope-nope"})
    assert response.status_code == 401
    assert response.json["error"] == "invalid_credentials"
    assert response.json["message"]


def test_me_without_or_with_bad_token_is_401(client):
    assert client.get("/api/v1/me").status_code == 401
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer iz_forged"})
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


def test_malformed_bodies_are_400_not_500(client):
    assert (
        client.post("/api/v1/tokens", data="{nope", content_type="application/json").status_code
        == 400
    )
    assert client.post("/api/v1/tokens", json=["a", "list"]).json["error"] == "invalid_json"
    assert client.post("/api/v1/tokens", json={"username": 5, "password": None}).status_code == 400


def test_admin_creates_user_others_may_not(api_as):
    admin = api_as("root", admin=True)
    created = admin.post(
        "users", {"username": "Bob", "password": "long-enough", "department": "Winkels"}
    )
    assert created.status_code == 201
    assert created.json["username"] == "bob" and created.json["department"] == "Winkels"
    assert admin.post("users", {"username": "bob", "password": "long-enough"}).status_code == 409
    assert (
        admin.post("users", {"username": "b@d name", "password": "long-enough"}).status_code == 400
    )
    assert admin.post("users", {"username": "carol", "password": "short"}).status_code == 400
    assert admin.post("users", {"password": "long-enough"}).json["error"] == "invalid"
    member = api_as("dave")
    assert member.post("users", {"username": "eve", "password": "long-enough"}).status_code == 403


def test_login_throttle_answers_429(app, client, make_user):
    app.config["LOGIN_THROTTLE"] = {"pair": "3 per 15 minutes", "address": "100 per hour"}
    make_user("ann")
    for _ in range(3):
        assert (
            client.post(
                "/api/v1/tokens", json={"username": "ann", "password": "bad-pass"}
            ).status_code
            == 401
        )
    locked = client.post("/api/v1/tokens", json={"username": "ann", "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json["error"] == "rate_limited"


def test_unknown_api_route_and_method_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["error"] == "not_found"
    assert client.delete("/api/v1/me").status_code == 405
