"""Login throttling that protects without locking out (issue 10).

Failures count per (account, address) and per address: the attacker's address is slowed down
and then refused, the owner signs in from elsewhere; X-Forwarded-For counts only from a trusted
proxy; with Redis storage every process counts the same failures.
"""

import uuid

import pytest

from tests.conftest import PASSWORD, make_app
from tests.support.clients import login

ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"
LIMITS = {"pair": "3 per minute; 10 per hour", "address": "6 per hour"}


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the counters live in memory or Redis, not in the database


def _token(client, username: str, password: str, address: str = ATTACKER, **headers):  # noqa: ANN001
    return client.post(
        "/api/v1/tokens",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


@pytest.fixture
def limited(app, make_user):
    app.config["LOGIN_THROTTLE"] = {**LIMITS, "prefix": uuid.uuid4().hex}
    make_user("ann")
    make_user("bob")
    return app


def test_attacker_address_gets_429_while_owner_signs_in_elsewhere(limited):
    client = limited.test_client()
    for _ in range(3):
        assert _token(client, "ann", "wrong-guess").status_code == 401
    refused = _token(client, "ann", PASSWORD)  # even the right password, from there
    assert refused.status_code == 429
    assert refused.json["error"] == "rate_limited" and 0 < refused.json["retry_after"] <= 60
    assert refused.json["message"].startswith("Too many failed sign-in attempts")
    assert refused.headers["Retry-After"] == str(refused.json["retry_after"])  # RFC 9110 seconds
    assert _token(client, "ann", PASSWORD, OWNER).status_code == 201
    browser = limited.test_client()
    browser.environ_base["REMOTE_ADDR"] = OWNER
    assert login(browser, "ann", PASSWORD).status_code == 302


def test_one_address_spraying_accounts_is_refused_for_all_of_them(limited):
    client = limited.test_client()
    for username in ("ann", "bob", "cor", "dirk", "eva", "fleur"):
        assert _token(client, username, "wrong-guess").status_code == 401
    assert _token(client, "bob", PASSWORD).status_code == 429
    assert _token(client, "bob", PASSWORD, OWNER).status_code == 201


def test_forwarded_for_from_an_untrusted_peer_changes_nothing(limited):
    client = limited.test_client()
    for n in range(3):
        response = _token(client, "ann", "wrong-guess", **{"X-Forwarded-For": f"10.0.0.{n}"})
        assert response.status_code == 401
    spoofed = _token(client, "ann", PASSWORD, **{"X-Forwarded-For": OWNER})
    assert spoofed.status_code == 429


def test_forwarded_for_from_a_trusted_proxy_tells_clients_apart(tmp_path, limited):
    proxied = make_app(
        {
            "IZ_DATA_DIR": limited.config["IZ_DATA_DIR"],
            "IZ_TRUSTED_PROXIES": "127.0.0.1, 10.1.0.0/16",
            "LOGIN_THROTTLE": limited.config["LOGIN_THROTTLE"],
        }
    )
    client = proxied.test_client()
    for _ in range(3):
        response = _token(client, "ann", "nope", "10.1.2.3", **{"X-Forwarded-For": ATTACKER})
        assert response.status_code == 401
    assert (
        _token(client, "ann", PASSWORD, "10.1.2.3", **{"X-Forwarded-For": ATTACKER}).status_code
        == 429
    )
    assert (
        _token(client, "ann", PASSWORD, "10.1.2.3", **{"X-Forwarded-For": OWNER}).status_code == 201
    )


def test_with_redis_two_app_instances_share_the_count(limited):
    shared = {
        "IZ_DATA_DIR": limited.config["IZ_DATA_DIR"],
        "IZ_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
        "LOGIN_THROTTLE": {**LIMITS, "prefix": "iz-test-" + uuid.uuid4().hex},
    }
    first, second = make_app(shared).test_client(), make_app(shared).test_client()
    for client in (first, second, first):
        assert _token(client, "ann", "wrong-guess").status_code == 401
    assert _token(second, "ann", PASSWORD).status_code == 429
    assert _token(first, "ann", PASSWORD, OWNER).status_code == 201


def test_the_login_page_says_how_long_to_wait_in_the_readers_language(limited):
    browser = limited.test_client()
    browser.environ_base.update({"REMOTE_ADDR": ATTACKER, "HTTP_ACCEPT_LANGUAGE": "nl"})
    for _ in range(3):
        assert login(browser, "ann", "wrong-guess").status_code == 401
    page = login(browser, "ann", PASSWORD)
    assert page.status_code == 429
    assert "Te veel mislukte inlogpogingen vanaf hier" in page.get_data(as_text=True)
    wait = int(page.headers["Retry-After"])
    assert 0 < wait <= 60 and f"over {wait} seconden" in page.get_data(as_text=True)
