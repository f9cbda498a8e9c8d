"""The renderer's speed-ups change nothing a reader sees: the gated inline pass gives the stock
pass's HTML, and a highlighted code block kept from an earlier render is the one highlighting it
again would give."""

from __future__ import annotations

import random

import markdown as md
import pytest
from markdown.extensions import codehilite

from innovationzone import markdown
from innovationzone.html_pieces import BoundedCache
from innovationzone.markdown import INLINE_TRIGGERS, LinkContext, render_now

CONTEXT = LinkContext(zone="omni", existing_pages={("omni", "Retourproces")}, users={"ann"})
# Pieces that trigger every inline pattern, and pieces of blocks around them.
FRAGMENTS = [
    "tekst",
    " ",
    "  \n",
    "\n",
    "\n\n",
    "*a*",
    "**b**",
    "***c***",
    "_d_",
    "__e__",
    "snake_case_name",
    "2 * 3 * 4",
    "`code *niet*`",
    "``dubbel ` vinkje``",
    "\\*",
    "\\`",
    "\\\\",
    "[[Retourproces]]",
    "[[Nieuw idee|idee]]",
    "[[last-mile:Bezorging]]",
    "@ann",
    "@Ann",
    "x@ann",
    "@nobody",
    "[link](https://example.org)",
    "![plaatje](plan.png)",
    "[ref][r]",
    "[r]",
    "![img][r]",
    "[^1]",
    "<https://example.org/a?b=c>",
    "<ann@example.org>",
    "<b>vet</b>",
    "<!-- opmerking -->",
    "&amp;",
    "&#38;",
    "&#x26;",
    "a & b < c > d",
    "# Kop",
    "## Kop *schuin*",
    "- lijst",
    "1. genummerd",
    "- [x] klaar",
    "> citaat",
    "| a | *b* |\n|---|---|\n| [[Retourproces]] | `c` |",
    "```python\nprint('*')\n```",
    "    ingesprongen code *x*",
    "!!! note\n    Let *op*",
    "[r]: https://example.org/r",
    "[^1]: voetnoot met **nadruk**",
    "\x02wzxhzdk:0\x03",
    "[TOC]",
    "\\[TOC\\]",
    "&#91;TOC&#93;",
    "`[TOC]`",
]


def stock_render(text: str) -> str:
    """The same renderer with Python-Markdown's own inline pass, always looking for [TOC]."""
    gated, marker = markdown._GatedInline, markdown.toc_marker
    markdown._GatedInline = md.treeprocessors.InlineProcessor  # type: ignore[misc]
    markdown.toc_marker = lambda _text: "[TOC]"
    try:
        return render_now(text, CONTEXT)
    finally:
        markdown._GatedInline, markdown.toc_marker = gated, marker  # type: ignore[misc]


def test_no_inline_pattern_matches_a_text_without_its_trigger_characters():
    converter = md.Markdown(extensions=["footnotes", markdown._LinksExtension(CONTEXT)])
    names = [item.name for item in converter.inlinePatterns._priority]
    assert set(names) <= set(INLINE_TRIGGERS)  # a new pattern would be tried always: still right
    every_piece = "\n".join(FRAGMENTS)
    for name in names:
        regex = converter.inlinePatterns[name].compiled_re
        assert regex.search(every_piece), name  # the pieces exercise every pattern
        without = every_piece.translate({ord(c): None for c in INLINE_TRIGGERS[name]})
        assert not regex.search(without), name


@pytest.mark.parametrize("seed", range(12))
def test_the_gated_inline_pass_renders_what_the_stock_one_does(seed):
    rng = random.Random(seed)
    for _ in range(40):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 30)))
        assert render_now(text, CONTEXT) == stock_render(text), text


def test_a_page_of_every_feature_renders_as_with_the_stock_pass():
    text = "\n\n".join(FRAGMENTS)
    assert render_now(text, CONTEXT) == stock_render(text)


def test_a_code_block_is_highlighted_once_and_its_kept_html_is_what_highlighting_gives(
    monkeypatch,
):
    highlighted: list[str] = []
    highlight = codehilite.highlight

    def counting(source, *args):  # noqa: ANN001, ANN002, ANN202
        highlighted.append(source)
        return highlight(source, *args)

    monkeypatch.setattr(codehilite, "highlight", counting)
    monkeypatch.setattr(markdown, "_highlighted", BoundedCache(markdown.HIGHLIGHT_BUDGET))
    text = "```python\nprint('hallo')\n```\n\ntekst\n\n```python\nprint('hallo')\n```"
    first, again = render_now(text, CONTEXT), render_now(text, CONTEXT)
    assert highlighted == ["print('hallo')"]  # one distinct block, over two renders
    monkeypatch.setattr(markdown, "_highlighted", BoundedCache(markdown.HIGHLIGHT_BUDGET))
    assert render_now(text, CONTEXT) == first == again  # highlighted afresh: the same HTML
    assert len(highlighted) == 2


def test_a_table_of_contents_is_placed_where_the_author_wrote_toc():
    html = render_now("[TOC]\n\n# Een\n\n## Twee", CONTEXT)
    assert html.startswith('<div class="toc">') and 'href="#twee"' in html
    assert 'class="toc"' not in render_now("# Een\n\n## Twee\n\n`[TOC]`", CONTEXT)


def test_highlighted_lines_are_still_highlighted():
    html = render_now('```python hl_lines="2"\na = 1\nb = 2\n```', CONTEXT)
    assert html.count('class="hll"') == 1
