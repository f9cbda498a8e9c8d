"""The command line of the contract, through Flask's CLI runner and once as a real process."""

from __future__ import annotations

from sqlalchemy import func, inspect, select

from innovationzone.accounts.models import User
from innovationzone.extensions import db
from innovationzone.zones.models import Zone
from tests.conftest import make_app


def test_db_upgrade_creates_the_schema(tmp_path):
    app = make_app({"IZ_DATA_DIR": str(tmp_path)})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {
        "users",
        "zones",
        "memberships",
        "api_tokens",
        "notifications",
        "alembic_version",
    } <= tables


def test_user_create_reads_the_password_from_stdin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "user",
            "create",
            "Farid",
            "--password-stdin",
            "--admin",
            "--department",
            "Logistiek",
            "--display-name",
            "Farid El Amrani",
        ],
        input="geheim-wachtwoord\n",
    )
    assert result.exit_code == 0 and "Created farid (admin)" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "farid"))
        assert (user.department, user.display_name, user.is_admin) == (
            "Logistiek",
            "Farid El Amrani",
            True,
        )
    again = runner.invoke(
        args=["user", "create", "farid", "--password-stdin"], input="geheim-wachtwoord\n"
    )
    assert again.exit_code != 0 and "taken" in again.output
    short = runner.invoke(args=["user", "create", "gijs", "--password-stdin"], input="kort\n")
    assert short.exit_code != 0 and "8 characters" in short.output


def test_demo_loads_an_organisation_and_is_idempotent(demo_app):
    """The demo is loaded once a session (demo_app); `innovationzone demo` again adds nothing."""
    app = demo_app
    again = app.test_cli_runner().invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 12
        departments = set(db.session.scalars(select(User.department)))
        assert departments == {"Marketing", "IT", "Logistiek", "Klantenservice", "Winkels"}
        zones = {z.slug: z for z in db.session.scalars(select(Zone))}
        assert len(zones) == 3 and zones["kassa-vernieuwing"].visibility == "private"
        assert {m.user.department for m in zones["omnichannel"].memberships} >= {
            "Marketing",
            "IT",
            "Winkels",
        }
        from innovationzone.topics.models import Topic, TopicItem

        topic = db.session.scalar(select(Topic).where(Topic.slug == "click-en-collect"))
        assert topic.owner.username == "ilse"  # a named owner from the stores
        assert [c.user.username for c in topic.co_owners] == ["joost"]
        from innovationzone.questions.models import Question
        from innovationzone.reviews.models import Review

        questions = list(db.session.scalars(select(Question)))
        assert len(questions) == 4  # not doubled by the second run
        assert {q.status for q in questions} == {"open", "answered"}
        assert any(q.escalated_at for q in questions)
        reviews = list(db.session.scalars(select(Review)))
        assert sum(r.is_overdue() for r in reviews) >= 2 and any(r.topic_id for r in reviews)
        assert {item.item_type for item in db.session.scalars(select(TopicItem))} == {
            "page",
            "post",
            "room",
        }


def test_send_digests_warns_on_stderr_when_the_links_would_point_to_localhost(
    app, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "IZ_SMTP_URL", "smtp://127.0.0.1:1")
    monkeypatch.setitem(app.config, "IZ_BASE_URL", None)
    result = app.test_cli_runner().invoke(args=["mail", "send-digests"])
    assert result.exit_code == 0, result.output
    assert "IZ_BASE_URL is not set" in result.stderr and "http://127.0.0.1:5000" in result.stderr
    assert "IZ_BASE_URL" not in result.stdout
    assert any("IZ_BASE_URL is not set" in r.getMessage() for r in caplog.records)  # and logged

    monkeypatch.setitem(app.config, "IZ_BASE_URL", "https://iz.winkel.example")
    configured = app.test_cli_runner().invoke(args=["mail", "send-digests"])
    assert configured.exit_code == 0 and "IZ_BASE_URL" not in configured.stderr
