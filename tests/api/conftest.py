import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str:
    """Every API test runs on SQLite and on PostgreSQL."""
    return request.param


@pytest.fixture
def two_zones(api_as):
    """ann curates public 'winkels' and private 'kassa'; bob is a kassa member; cor is outside."""
    ann, bob, cor = api_as("ann"), api_as("bob"), api_as("cor")
    ann.post("zones", {"slug": "winkels", "name": "Winkels"})
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    ann.post("zones/kassa/members", {"username": "bob"})
    return ann, bob, cor
