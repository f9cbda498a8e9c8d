"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""


def test_models_and_migrations_agree(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output  # Flask-Migrate exits 1 when it finds a difference


def test_the_migrations_form_one_line(app):
    """Two branches that each add a migration after the same parent leave two heads: `serve` would
    apply both in an undefined order. One head, always."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(app.extensions["migrate"].directory)
    assert len(script.get_heads()) == 1, script.get_heads()
