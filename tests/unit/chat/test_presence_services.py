"""The chat's presence announcements wait out a short delay in a background task (a room many
join at once is told a few times, not once per join); an app being torn down drops them, and
the task ends at once instead of emitting into whatever comes next."""

from __future__ import annotations

import threading

from innovationzone.chat import presence_services


def _announcing() -> list[threading.Thread]:
    return [
        t for t in threading.enumerate() if getattr(t, "_target", None) is presence_services._flush
    ]


def test_dropping_the_pending_announcements_ends_their_task_unsent(app, monkeypatch):
    app.config["CHAT_PRESENCE_DELAY"] = 60.0  # far longer than any test
    told: list[int] = []
    monkeypatch.setattr(presence_services, "_tell", told.append)
    with app.app_context():
        presence_services.leave("sid-1", 7)
        presence_services.leave("sid-2", 8)  # coalesced: still one task
    (task,) = _announcing()
    assert presence_services.drop_pending(15)
    task.join(15)
    assert not task.is_alive() and told == []
    with app.app_context():
        presence_services.leave("sid-3", 9)  # a later one waits out its delay again
    (later,) = _announcing()
    assert later.is_alive() and told == []
    assert presence_services.drop_pending(15)
