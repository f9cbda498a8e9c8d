import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str:
    """Every API test runs on SQLite and on PostgreSQL."""
    return request.param
