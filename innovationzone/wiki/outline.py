"""What a rendered page says about its own structure: its headings, for an automatic table of
contents, and whether it opens with its title, so the page shows the title once.

Read from the rendered (sanitised, cached) HTML rather than the Markdown: the heading ids are
the ones the renderer gave, and pages rendered before this existed get a contents list too.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from innovationzone.html_pieces import BoundedCache

TOC_MIN_HEADINGS = 3  # fewer headings than this and a contents list is just noise


@dataclass(frozen=True)
class Heading:
    """One heading of a rendered page, with the id its anchor links to."""

    level: int
    id: str
    text: str


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[Heading] = []
        self.first_tag: str | None = None
        self.manual_toc = False
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.first_tag is None:
            self.first_tag = tag
        if tag == "div" and "toc" in (values.get("class") or "").split():
            self.manual_toc = True
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._open, self._text = (int(tag[1]), values.get("id") or ""), []

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == f"h{self._open[0]}":
            level, anchor = self._open
            self.found.append(Heading(level, anchor, " ".join("".join(self._text).split())))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


@dataclass(frozen=True)
class Outline:
    """The headings of a page, for its table of contents and section edit links."""

    headings: list[Heading]
    opens_with_title: bool  # the body's first element is an h1 saying the page title
    manual_toc: bool  # the author placed [TOC] themselves

    @property
    def toc(self) -> list[Heading]:
        """The contents list to show: headings below the title, when there are enough."""
        if self.manual_toc:
            return []
        body = [h for h in self.headings if h.id and not (h.level == 1 and h is self.headings[0])]
        return body if len(body) >= TOC_MIN_HEADINGS else []


# Parsing a large rendered page takes longer than everything else in a view, and the outline
# changes only when the HTML or the title does, so it is kept per (HTML, title) in the process.
# SipHash keys differ per process, so a crafted collision is not something a writer can aim for.
OUTLINES_KEPT = 2048
_outlines: BoundedCache[tuple[int, int, str], Outline] = BoundedCache(OUTLINES_KEPT)


def outline(html: str, title: str) -> Outline:
    """The page's outline, parsed once per distinct rendering and title."""
    key = (hash(html), len(html or ""), title)
    found = _outlines.get(key)
    if found is None:
        found = _parse(html, title)
        _outlines.put(key, found)
    return found


def _parse(html: str, title: str) -> Outline:
    parser = _Headings()
    parser.feed(html or "")
    parser.close()
    headings = parser.found
    opens = (
        parser.first_tag == "h1"
        and bool(headings)
        and headings[0].level == 1
        and headings[0].text.casefold() == " ".join(title.split()).casefold()
    )
    return Outline(headings, opens, parser.manual_toc)
