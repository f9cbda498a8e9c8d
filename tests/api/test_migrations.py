"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""


def test_models_and_migrations_agree(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output  # Flask-Migrate exits 1 when it finds a difference
