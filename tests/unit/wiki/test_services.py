"""Saving a page writes what the save changed and no more: an edit under the same title with the
same links leaves the page tree and the backlinks alone, and the watchers are found in one
query however many there are; the rows still follow every change that matters."""

from __future__ import annotations

from sqlalchemy import select

from innovationzone import markdown
from innovationzone.accounts.models import User
from innovationzone.extensions import db
from innovationzone.notifications.models import Notification
from innovationzone.wiki.manage_services import set_watch
from innovationzone.wiki.models import Backlink, Node, Page
from innovationzone.wiki.services import preview, save_page
from tests.support.statements import recorded


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def links_of(path: str) -> set[str]:
    page = db.session.scalar(select(Page).where(Page.path == path))
    rows = db.session.scalars(select(Backlink).where(Backlink.source_id == page.id))
    return {row.target_path for row in rows}


def test_an_edit_touches_neither_tree_nor_backlinks_and_finds_watchers_at_once(ctx, api_as):
    api_as("ann").post("zones", {"slug": "winkels", "name": "Winkels"})
    api_as("bob"), api_as("cor")
    body = "# Kassa\n\nZie [[Retourproces]] en [[Bonnen]].\n"
    save_page(user("ann"), "winkels", "Handboek/Kassa", "Kassa", body, None)
    for name in ("bob", "cor"):
        set_watch(user(name), "winkels", "Handboek/Kassa", True)

    with recorded(db.engine) as edit:
        save_page(user("ann"), "winkels", "Handboek/Kassa", "Kassa", body + "\nMeer.\n", 1)

    assert not [s for s in edit if "wiki_nodes" in s]
    writes = ("insert into wiki_backlinks", "delete from wiki_backlinks", "update wiki_backlinks")
    assert not [s for s in edit if s.startswith(writes)]
    assert len([s for s in edit if "wiki_watches" in s]) == 1  # not one more per watcher
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "page_changed")
    )
    assert set(told) == {user("bob").id, user("cor").id}


def test_backlinks_and_tree_follow_links_and_titles_that_change(ctx, api_as):
    api_as("ann").post("zones", {"slug": "winkels", "name": "Winkels"})
    ann = user("ann")
    save_page(ann, "winkels", "Handboek/Kassa", "Kassa", "[[Retourproces]] [[Bonnen]]", None)
    assert links_of("Handboek/Kassa") == {"Retourproces", "Bonnen"}
    save_page(ann, "winkels", "Handboek/Kassa", "Kassa", "[[Bonnen]] [[Pinnen]]", 1)
    assert links_of("Handboek/Kassa") == {"Bonnen", "Pinnen"}
    save_page(ann, "winkels", "Handboek/Kassa", "De kassa", "[[Bonnen]] [[Pinnen]]", 2)
    node = db.session.scalar(select(Node).where(Node.path == "Handboek/Kassa"))
    assert node.title == "De kassa"
    assert db.session.scalar(select(Node).where(Node.path == "Handboek")) is not None


def test_saving_the_text_just_previewed_does_not_render_it_again(ctx, api_as, monkeypatch):
    api_as("ann").post("zones", {"slug": "winkels", "name": "Winkels"})
    ann = user("ann")
    sent: list[str] = []
    send = markdown._pool.render
    monkeypatch.setattr(
        markdown._pool, "render", lambda text, *rest: sent.append(text) or send(text, *rest)
    )
    body = "# Kassa\n\nZie [[Bonnen]]; *eerst* bekeken.\n"
    shown = preview(ann, "winkels", "Handboek/Kassa", body)
    _page, revision, _merged = save_page(ann, "winkels", "Handboek/Kassa", "Kassa", body, None)
    assert revision.html == shown and sent == [body]


def test_a_new_page_writes_its_links_at_once_and_no_other_page(ctx, api_as):
    api_as("ann").post("zones", {"slug": "winkels", "name": "Winkels"})
    body = "Zie [[Retourproces]], [[Bonnen]] en [[Pinnen]].\n"
    with recorded(db.engine) as create:
        save_page(user("ann"), "winkels", "Handboek/Kassa", "Kassa", body, None)

    assert len([s for s in create if s.startswith("insert into wiki_backlinks")]) == 1
    assert links_of("Handboek/Kassa") == {"Retourproces", "Bonnen", "Pinnen"}
    # nobody links to it yet: no other page's HTML to drop, and the page is written once
    assert not [s for s in create if s.startswith(("update wiki_revisions", "update wiki_pages"))]
