import pytest

from innovationzone.config import load_config, normalise_database_url


def test_plain_postgresql_urls_use_psycopg3():
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_defaults_embedded_sqlite_and_fts5(tmp_path, monkeypatch):
    for name in (
        "IZ_DATABASE_URL",
        "IZ_SEARCH_BACKEND",
        "IZ_ASYNC_MODE",
        "IZ_SECRET_KEY",
        "IZ_ALLOWED_ORIGINS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IZ_DATA_DIR", str(tmp_path))
    config = load_config()
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'innovationzone.db'}"
    assert config["IZ_SEARCH_BACKEND"] == "sqlite"  # FTS5 in the same database
    assert config["IZ_ASYNC_MODE"] == "eventlet"
    assert config["IZ_ALLOWED_ORIGINS"] is None


def test_postgres_database_selects_postgres_search(tmp_path, monkeypatch):
    monkeypatch.setenv("IZ_DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    monkeypatch.delenv("IZ_SEARCH_BACKEND", raising=False)
    assert load_config({"IZ_DATA_DIR": str(tmp_path)})["IZ_SEARCH_BACKEND"] == "postgres"


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("IZ_SECRET_KEY", raising=False)
    first = load_config({"IZ_DATA_DIR": str(tmp_path)})["SECRET_KEY"]
    assert len(first) > 40
    assert load_config({"IZ_DATA_DIR": str(tmp_path)})["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_allowed_origins_list_and_bad_modes(tmp_path, monkeypatch):
    monkeypatch.setenv("IZ_ALLOWED_ORIGINS", "https://a.example/, https://b.example")
    assert load_config({"IZ_DATA_DIR": str(tmp_path)})["IZ_ALLOWED_ORIGINS"] == [
        "https://a.example",
        "https://b.example",
    ]
    with pytest.raises(ValueError):
        load_config({"IZ_DATA_DIR": str(tmp_path), "IZ_ASYNC_MODE": "gevent"})
    with pytest.raises(ValueError):
        load_config({"IZ_DATA_DIR": str(tmp_path), "IZ_SEARCH_BACKEND": "elastic"})
    with pytest.raises(ValueError, match="use postgres"):  # FTS5 lives in a SQLite database
        load_config(
            {
                "IZ_DATA_DIR": str(tmp_path),
                "IZ_DATABASE_URL": "postgresql://postgres@127.0.0.1/test",
                "IZ_SEARCH_BACKEND": "sqlite",
            }
        )
