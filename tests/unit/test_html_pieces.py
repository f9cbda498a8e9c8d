"""html_pieces directly: a page split at its slots, filled per request, is the same text as one
render, and its spliced gzip is one valid stream whatever the values (no app needed)."""

from __future__ import annotations

import gzip
import zlib

from innovationzone.html_pieces import BoundedCache, Pieces, gzipped, plain, slot


def page(*parts: str) -> str:
    return "".join(parts)


def test_a_filled_page_is_the_text_with_the_values_in_place_and_a_valid_gzip():
    body = "<p>tekst</p>" * 5_000
    pieces = Pieces(page("<head>", slot("csrf"), "</head>", body, slot("csrf"), slot("menu"), "!"))
    menu = Pieces(page("<nav>", slot("csrf"), "</nav>"))
    assert pieces.slots() == {"csrf", "menu"}
    for token in ("", "abc", "é" * 70_000):  # empty, short, and beyond one stored block
        parts = pieces.flatten({"csrf": token, "menu": menu})
        text = page("<head>", token, "</head>", body, token, "<nav>", token, "</nav>", "!")
        assert plain(parts) == text.encode()
        zipped = gzipped(parts)
        assert gzip.decompress(zipped) == text.encode()
        stream = zlib.decompressobj(wbits=31)  # one member, nothing after its end
        assert stream.decompress(zipped) == text.encode() and stream.eof
        assert not stream.unused_data
    assert len(gzipped(pieces.flatten({"csrf": "", "menu": menu}))) < len(body) / 20


def test_text_that_imitates_a_slot_marker_stays_text():
    forged = "<!--slot:0000000000000000:csrf-->"
    pieces = Pieces(page("<p>", forged, "</p>"))
    assert pieces.slots() == set()
    assert plain(pieces.flatten({})) == f"<p>{forged}</p>".encode()


def test_the_cache_keeps_the_most_recently_used_within_its_budget():
    cache: BoundedCache[str, str] = BoundedCache(budget=10)
    cache.put("a", "A", 4)
    cache.put("b", "B", 4)
    assert cache.get("a") == "A"  # now the most recent
    cache.put("c", "C", 4)  # over budget: the least recent ("b") goes
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"
    assert cache.weight == 8 and len(cache) == 2
