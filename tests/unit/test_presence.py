"""Who is in a live channel (innovationzone.presence), as this process's memory keeps it: the
embedded default behind the chat room's "online" list and the wiki's "X is editing"."""

from __future__ import annotations

from innovationzone.presence import MemoryPresence

ANN, BOB = ("ann", "Ann de Vries"), ("bob", "Bob Jansen")


def test_a_channel_lists_each_person_once_sorted():
    store = MemoryPresence()
    store.start("s2/1", "room:1", BOB)
    store.start("s1/1", "room:1", ANN)
    store.start("s3/1", "room:1", ANN)  # ann's second tab
    store.start("s4/2", "room:2", BOB)
    assert store.people("room:1") == [ANN, BOB]
    assert store.people("room:2") == [BOB]
    assert store.people("room:3") == []


def test_a_person_stays_while_one_of_their_entries_does():
    store = MemoryPresence()
    store.start("s1/1", "room:1", ANN)
    store.start("s3/1", "room:1", ANN)
    assert store.stop("s1/1") == "room:1"
    assert store.people("room:1") == [ANN]
    assert store.stop("s3/1") == "room:1"
    assert store.people("room:1") == []
    assert store.stop("s3/1") is None  # gone already: nothing to answer


def test_moving_an_entry_answers_where_it_was():
    store = MemoryPresence()
    assert store.start("s1", "wiki:1:Plan", ANN) is None
    assert store.start("s1", "wiki:1:Plan", ANN) is None  # the same page again: no move
    assert store.start("s1", "wiki:1:Kassa", ANN) == "wiki:1:Plan"
    assert store.people("wiki:1:Plan") == []
    assert store.people("wiki:1:Kassa") == [ANN]


def test_a_list_is_news_once_until_it_changes():
    """The chat room is told who is in it only when that changes (not per socket)."""
    store = MemoryPresence()
    assert store.announce("room:1", [ANN]) is True
    assert store.announce("room:1", [ANN]) is False  # ann's second tab: the same list
    assert store.announce("room:2", [ANN]) is True  # every channel for itself
    assert store.announce("room:1", [ANN, BOB]) is True
    assert store.announce("room:1", []) is True  # everyone left: news, and forgotten
    assert store.announce("room:1", [ANN]) is True
