"""Markdown for wiki pages, blog posts, comments and chat: one renderer, one sanitiser.

Python-Markdown never sanitises, so every output goes through nh3 with an allow-list. It is
also quadratic on bracket-heavy input ("[a" * 8000 takes tens of seconds), so rendering runs in
worker processes with a time limit: past it that one worker is killed (and replaced by a fresh
one warming up meanwhile) and its text is shown escaped; renders in the other workers carry on.
Each worker renders one text at a time over a pipe of its own, so a kill never loses another
request's render (a stdlib process pool can only be torn down whole). Waiting for a worker
yields to the eventlet hub (asyncmode.wait_readable); the pool holds no threads, so a process
exits without waiting on it: daemon workers are killed at exit, or end when their pipe closes.

Wiki links and mentions need the database (does the page exist? the user?), which the worker
does not have: the caller resolves them first and passes the answers in.
"""

from __future__ import annotations

import html
import logging
import multiprocessing
import os
import re
import signal
import threading
from dataclasses import dataclass, field
from functools import lru_cache, partial
from multiprocessing.connection import Connection
from typing import Any, ClassVar
from urllib.parse import quote

import markdown as md
import nh3
from markdown import treeprocessors, util
from markdown.extensions import Extension, codehilite
from markdown.inlinepatterns import InlineProcessor
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer

from innovationzone.asyncmode import wait_readable
from innovationzone.html_pieces import BoundedCache

log = logging.getLogger(__name__)

WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]")
# An @ not preceded by a word character, @ or /. The @ comes first and the look-behind after it
# (the @ itself and the character before): so the regex engine scans for @ alone, where a leading
# look-behind was tried at every position of the text (3.4 ms for a 20 kB page, on every save).
MENTION_RE = re.compile(r"@(?<![\w@/]@)([a-z0-9][a-z0-9._-]{1,31})\b", re.IGNORECASE)
ZONE_PART_RE = re.compile(r"[a-z0-9-]{1,50}")
WORKERS = 2
STARTUP_SECONDS = 60.0  # a new worker's imports, on a very busy host

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href", "id"},
    "img": {"src", "alt", "width", "height"},
    "input": {"checked", "disabled"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"id"},
}
CLEANER = partial(
    nh3.clean,
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    # Column alignment from Markdown tables, as `align` (the CSP forbids style attributes);
    # only these three values, nothing else a style could carry.
    tag_attribute_values={
        "input": {"type": {"checkbox"}},
        "td": {"align": {"left", "center", "right"}},
        "th": {"align": {"left", "center", "right"}},
    },
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
)


@dataclass(frozen=True)
class WikiLink:
    """A [[link]] found in Markdown text: which zone and page it targets and the text shown, for
    backlinks and link rendering."""

    zone: str | None  # None: the zone the text lives in
    target: str
    label: str


@dataclass
class LinkContext:
    """What the worker needs to know about the outside world, resolved beforehand."""

    zone: str | None = None
    existing_pages: set[tuple[str, str]] = field(default_factory=set)  # (zone, normalised path)
    users: set[str] = field(default_factory=set)
    page_url: str = "/z/{zone}/wiki/{path}"
    missing_page_url: str = "/z/{zone}/wiki/{path}/edit"
    user_url: str = "/u/{username}"


@lru_cache(maxsize=4096)
def normalise_path(target: str) -> str:
    """`Onboarding / Kassa checklist` -> `Onboarding/Kassa_checklist`: one spelling per page.
    Kept per spelling: a page's links are normalised on every save of it."""
    parts = [re.sub(r"\s+", "_", part.strip()) for part in target.strip().strip("/").split("/")]
    return "/".join(part for part in parts if part)


def extract_wikilinks(text: str) -> list[WikiLink]:
    """The [[links]] of a Markdown text, so pages can record backlinks and link existence can be
    resolved before rendering."""
    found = (_wikilink(m.group(1), m.group(2)) for m in WIKILINK_RE.finditer(text or ""))
    return [link for link in found if link is not None]


@lru_cache(maxsize=4096)
def _wikilink(target: str, label: str | None) -> WikiLink | None:
    """One [[target|label]], kept per spelling: a page's links are read on every save of it,
    twice, and once more by its render."""
    target, label = target.strip(), (label or "").strip()
    zone = None
    if ":" in target:
        zone_part, rest = target.split(":", 1)
        if ZONE_PART_RE.fullmatch(zone_part.strip()):
            zone, target = zone_part.strip(), rest.strip()
    return WikiLink(zone, normalise_path(target), label or target) if target else None


def extract_mentions(text: str) -> set[str]:
    """Usernames mentioned with @, lowercased; code spans and blocks included (cheap and safe)."""
    return {m.group(1).lower() for m in MENTION_RE.finditer(text or "")}


class _WikiLinkProcessor(InlineProcessor):
    def __init__(self, context: LinkContext, md_instance: md.Markdown) -> None:
        super().__init__(WIKILINK_RE.pattern, md_instance)
        self.context = context

    def handleMatch(  # noqa: N802 - Python-Markdown's API
        self, m: re.Match[str], data: str
    ) -> tuple[Any, int | None, int | None]:
        import xml.etree.ElementTree as etree

        links = extract_wikilinks(m.group(0))
        if not links:
            return None, None, None
        link = links[0]
        zone = link.zone or self.context.zone or ""
        exists = (zone, link.target) in self.context.existing_pages
        template = self.context.page_url if exists else self.context.missing_page_url
        element = etree.Element("a")
        element.set("href", template.format(zone=quote(zone), path=quote(link.target)))
        element.set("class", "wikilink" if exists else "wikilink missing")
        if not exists:
            element.set("title", "Create this page")
        element.text = link.label
        return element, m.start(0), m.end(0)


class _MentionProcessor(InlineProcessor):
    def __init__(self, context: LinkContext, md_instance: md.Markdown) -> None:
        super().__init__(MENTION_RE.pattern, md_instance)
        self.context = context

    def handleMatch(  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[Any, int | None, int | None]:
        import xml.etree.ElementTree as etree

        username = m.group(1).lower()
        if username not in self.context.users:
            return None, None, None
        element = etree.Element("a")
        element.set("href", self.context.user_url.format(username=username))
        element.set("class", "mention")
        element.text = "@" + m.group(1)
        return element, m.start(0), m.end(0)


# Inline patterns by name, and the one or two characters of which every match holds at least
# one: a text without them cannot match, so the pattern is not tried on it (see _GatedInline).
# Patterns not named here are always tried.
INLINE_TRIGGERS: dict[str, str] = {
    "backtick": "`",
    "escape": "\\",
    "footnote": "[",
    "iz_wikilink": "[",
    "iz_mention": "@",
    "reference": "[",
    "link": "[",
    "image_link": "[",
    "image_reference": "[",
    "short_reference": "[",
    "short_image_ref": "[",
    "autolink": "<",
    "automail": "<",
    "linebreak": "\n",
    "html": "<",
    "entity": "&",
    "em_strong": "*_",
}


class _GatedInline(treeprocessors.InlineProcessor):
    """Python-Markdown's inline pass, trying a pattern on a piece of text only when the text holds
    one of the pattern's trigger characters (INLINE_TRIGGERS). The stock pass tries all 17
    patterns on every text, heading and table cell: profiled, that loop was over a third of a
    page's render, and most pieces of text hold no trigger at all. A skipped pattern is one that
    could not have matched, so the output is the same (tests/unit/test_markdown_inline.py
    compares it with the stock pass's)."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        # Registered patterns in priority order, looked up once per text, not by index per try.
        patterns = list(self.inlinePatterns)  # sorts the registry by priority
        names = [item.name for item in self.inlinePatterns._priority]  # in that order
        self._gated = [
            (pattern, INLINE_TRIGGERS.get(name))
            for pattern, name in zip(patterns, names, strict=True)
        ]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(  # noqa: N802 - replaces the stock pass's private loop
        self,
        data: str,
        patternIndex: int = 0,  # noqa: N803
    ) -> str:
        if isinstance(data, util.AtomicString):
            return data
        gated, start = self._gated, 0
        while patternIndex < len(gated):
            pattern, triggers = gated[patternIndex]
            if triggers is not None and triggers[0] not in data and triggers[-1] not in data:
                patternIndex, start = patternIndex + 1, 0
                continue
            data, matched, start = self._InlineProcessor__applyPattern(
                pattern, data, patternIndex, start
            )
            if not matched:
                patternIndex += 1
        return data


class _LinksExtension(Extension):
    def __init__(self, context: LinkContext) -> None:
        super().__init__()
        self.context = context

    def extendMarkdown(self, md_instance: md.Markdown) -> None:  # noqa: N802
        md_instance.inlinePatterns.register(
            _WikiLinkProcessor(self.context, md_instance), "iz_wikilink", 175
        )
        md_instance.inlinePatterns.register(
            _MentionProcessor(self.context, md_instance), "iz_mention", 174
        )
        md_instance.treeprocessors.register(_GatedInline(md_instance), "inline", 20)


class _CodeFormatter(HtmlFormatter):
    """Pygments' HTML formatter with its style table built once per worker: the stock one builds
    it again for every code block, which profiled at a sixth of a typical page's render time.
    The table depends only on the style and the class prefix, and is never changed once built."""

    _tables: ClassVar[dict[tuple[object, str], tuple[dict, dict]]] = {}
    ttype2class: dict
    class2style: dict

    def _create_stylesheet(self) -> None:
        key = (self.style, self.classprefix)
        if key not in self._tables:
            super()._create_stylesheet()
            self._tables[key] = (self.ttype2class, self.class2style)
        self.ttype2class, self.class2style = self._tables[key]


def _cache_lexers() -> None:
    """Make codehilite find each language's Pygments lexer once per process. It looks one up by
    name for every code block, and the lookup scans Pygments' whole lexer table: on pages with
    many code blocks that profiled at a tenth of the render. A lexer keeps no state between
    texts, so one per (language, options) serves every block; options that cannot be a key
    (highlighted lines) and unknown languages (ValueError, not cached) are looked up as before."""
    lookup = codehilite.get_lexer_by_name

    @lru_cache(maxsize=64)
    def cached(name: str, options: tuple) -> Lexer:
        return lookup(name, **dict(options))

    def get_lexer_by_name(name: str, **options: object) -> Lexer:
        try:
            return cached(name, tuple(sorted(options.items())))
        except TypeError:  # an unhashable option value
            return lookup(name, **options)

    codehilite.get_lexer_by_name = get_lexer_by_name


_cache_lexers()

# Highlighted code blocks by everything their HTML depends on, per worker: an edit mostly leaves
# a page's code blocks as they were, and highlighting was the largest single step of rendering a
# page with code (Pygments' lexer and formatter per block). Weighed in characters.
HIGHLIGHT_BUDGET = 2_000_000
_highlighted: BoundedCache[tuple, str] = BoundedCache(HIGHLIGHT_BUDGET)


def _cache_highlights() -> None:
    """Make codehilite highlight each distinct code block once per worker. `hilite` is a pure
    function of the block's source and the highlighter's settings, all in the key, so a kept
    block's HTML is what highlighting it again would give; settings that cannot be a key
    (highlighted lines as a list) are highlighted as before."""
    plain = codehilite.CodeHilite.hilite

    def hilite(self: codehilite.CodeHilite, shebang: bool = True) -> str:
        try:
            key = (
                self.src,
                shebang,
                self.lang,
                self.guess_lang,
                self.use_pygments,
                self.lang_prefix,
                self.pygments_formatter,
                tuple(sorted(self.options.items())),
            )
            hash(key)
        except TypeError:  # an unhashable setting
            return plain(self, shebang)
        output = _highlighted.get(key)
        if output is None:
            output = plain(self, shebang)
            _highlighted.put(key, output, len(self.src) + len(output))
        return output

    codehilite.CodeHilite.hilite = hilite


_cache_highlights()


def toc_marker(text: str) -> str:
    """The toc extension's marker: "[TOC]" where the text holds it, else none, which spares the
    walk over every paragraph looking for it (a twentieth of a render). A paragraph that is the
    marker holds it literally: escapes and entities are still placeholders when the toc runs."""
    return "[TOC]" if "[TOC]" in text else ""


def render_now(text: str, context: LinkContext | None = None) -> str:
    """Render and sanitise in this process. The worker runs this; callers use render()."""
    converter = md.Markdown(
        extensions=[
            "fenced_code",
            "codehilite",
            "tables",
            "toc",
            "footnotes",
            "admonition",
            "sane_lists",
            "pymdownx.tasklist",
            _LinksExtension(context or LinkContext()),
        ],
        extension_configs={
            "codehilite": {
                "css_class": "highlight",
                "guess_lang": False,
                "pygments_formatter": _CodeFormatter,
            },
            "pymdownx.tasklist": {"custom_checkbox": False},
            "toc": {"permalink": False, "marker": toc_marker(text or "")},
            "tables": {"use_align_attribute": True},
        },
        output_format="html",
    )
    return sanitise(_label_tasks(converter.convert(text or "")))


# A task list item's checkbox and its inline text, up to the first block (a nested list, say).
TASK_RE = re.compile(
    r"(<input type=\"checkbox\"[^>]*>)"
    r"([^<]*(?:<(?!/?(?:ul|ol|p|li|div|pre|table|blockquote)\b)[^<]*)*)"
)


def _label_tasks(raw_html: str) -> str:
    """Wrap each task checkbox and its text in a <label>: a screen reader then says what is
    (un)done, where a bare checkbox is an unnamed control (WCAG 4.1.2)."""
    return TASK_RE.sub(r"<label>\1\2</label>", raw_html)


def sanitise(raw_html: str) -> str:
    """HTML through the nh3 allow-list: whatever the Markdown produced, no script or event handler
    reaches a reader."""
    return CLEANER(raw_html)


# The end of a block (paragraph, list item, heading, cell, quote): a teaser keeps blocks apart
# with a private-use character that no text contains, then puts words in its place.
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|dt|dd|blockquote|pre)>", re.IGNORECASE)
_BLOCK_MARK = "\ue000"
_BLOCK_GAP = re.compile(rf"\s*(?:{_BLOCK_MARK}\s*)+")


def _between_blocks(match: re.Match[str]) -> str:
    """A space after a block that ends a sentence, else a dot; the gap took the spaces before."""
    return " " if match.string[match.start() - 1] in ".!?:;…" else " · "


def teaser(rendered: str, chars: int) -> str:
    """Plain text of rendered HTML, cut at a word boundary: what lists and the home feed show of
    a text, so a reader sees "click & collect", not its Markdown ("**click & collect**"). Blocks
    are kept apart ("Kop · Tekst", a list's items by " · "), else they read as one sentence."""
    marked = _BLOCK_END.sub(lambda match: match.group(0) + _BLOCK_MARK, rendered)
    plain = html.unescape(nh3.clean(marked, tags=set()))
    plain = _BLOCK_GAP.sub(_between_blocks, plain.strip(_BLOCK_MARK + " \n\t"))
    plain = re.sub(r"\s+", " ", plain).strip()
    if len(plain) <= chars:
        return plain
    return plain[:chars].rsplit(" ", 1)[0] + "…"


def escaped(text: str) -> str:
    """The fallback when rendering takes too long: the text, inert and readable."""
    return f'<pre class="render-fallback">{html.escape(text or "")}</pre>'


class _Worker:
    """One render process and our end of its pipe. It renders one text at a time, so when a
    render overruns, killing this process costs that render alone: no other request's text is
    in it (the stdlib pool can only be torn down whole, losing every render in flight)."""

    def __init__(self) -> None:
        spawn = multiprocessing.get_context("spawn")
        self._conn, child = spawn.Pipe()
        self.process = spawn.Process(target=_serve, args=(child,), daemon=True, name="iz-markdown")
        self.process.start()
        child.close()
        self.ready = False

    def render(self, text: str, context: LinkContext, timeout: float) -> tuple[bool, str] | None:
        """(True, html) or (False, the renderer's error); None when the render overran
        `timeout` or the process died, after which this worker must be stopped."""
        if not self.wait_ready():
            return None
        try:
            self._conn.send((text, context))
        except OSError:  # it died since it was last seen alive
            return None
        return self._receive(timeout)

    def wait_ready(self) -> bool:
        """Wait until the process has imported the renderer; False if it never did. A cold start
        (a new interpreter importing Markdown and Pygments) takes seconds on a busy host, so it
        is waited for outside the time limit, which is for rendering alone."""
        if not self.ready:
            self.ready = self._receive(STARTUP_SECONDS) is not None
        return self.ready

    def _receive(self, timeout: float) -> tuple[bool, str] | None:
        if not wait_readable(self._conn.fileno(), timeout):
            return None
        try:
            return self._conn.recv()
        except (EOFError, OSError):  # killed from outside, or crashed
            return None

    def stop(self) -> None:
        """Kill the process and reap it; a stopped worker is never used again."""
        self.process.kill()
        self.process.join(timeout=5)
        self._conn.close()


def _serve(conn: Connection) -> None:
    """The worker process: render each text it is sent until our end of the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server; it stops us
    # Under eventlet the pipe is made of green sockets, non-blocking; here nothing is green.
    os.set_blocking(conn.fileno(), True)
    conn.send((True, ""))  # ready: imports done
    while True:
        try:
            text, context = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send((True, render_now(text, context)))
        except Exception as error:  # a renderer bug must cost formatting, never the worker
            conn.send((False, f"{type(error).__name__}: {error}"))


class _Pool:
    """At most WORKERS renders at once, each in a worker of its own; a worker that overruns is
    killed and replaced at once by a fresh one that warms up while the others keep rendering."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(WORKERS)
        self._idle: list[_Worker] = []

    def render(self, text: str, context: LinkContext, timeout: float) -> tuple[bool, str] | None:
        """The worker's answer, as _Worker.render; waits for a free worker first."""
        with self._slots:
            worker = self._take()
            try:
                answer = worker.render(text, context, timeout)
            except BaseException:  # e.g. the request killed mid-render: its answer would
                worker.stop()  # reach the next text, so this worker is done
                raise
            if answer is None:
                worker.stop()
                worker = _Worker()  # the spare warms up while the others render
            with self._lock:
                self._idle.append(worker)
            return answer

    def _take(self) -> _Worker:
        with self._lock:
            for dead in [w for w in self._idle if not w.process.is_alive()]:
                self._idle.remove(dead)  # killed from outside (OOM, an operator): never send to it
                dead.stop()
            # a warmed-up worker before one still importing
            waiting = sorted(self._idle, key=lambda w: not w.ready)
            if waiting:
                self._idle.remove(waiting[0])
                return waiting[0]
        return _Worker()

    def warm_up(self) -> None:
        """Start the missing workers and wait until every one is ready; renders wait meanwhile."""
        for _ in range(WORKERS):
            self._slots.acquire()
        try:
            with self._lock:
                self._idle.extend(_Worker() for _ in range(WORKERS - len(self._idle)))
                workers = list(self._idle)
            for worker in workers:
                if not worker.wait_ready():
                    worker.stop()
                    with self._lock:
                        self._idle.remove(worker)
        finally:
            for _ in range(WORKERS):
                self._slots.release()

    def pids(self) -> set[int]:
        """The process ids of the idle workers: which processes a restart would have replaced."""
        with self._lock:
            return {w.process.pid for w in self._idle if w.process.pid is not None}


_pool = _Pool()
# Texts rendered lately, by everything their HTML depends on. The editor previews the text it
# is about to save (and a merged save may render one it rendered a moment ago), so the save
# finds the HTML here instead of rendering it again: the render was the larger part of a save's
# CPU. Weighed in characters (text and HTML), per process.
RENDERED_BUDGET = 8_000_000
_rendered: BoundedCache[tuple, str] = BoundedCache(RENDERED_BUDGET)


def _rendered_key(text: str, context: LinkContext) -> tuple:
    return (
        text,
        context.zone,
        frozenset(context.existing_pages),
        frozenset(context.users),
        context.page_url,
        context.missing_page_url,
        context.user_url,
    )


def warm_up() -> None:
    """Start every render worker now, so the first saves after a start do not each wait seconds
    for a worker's cold start."""
    _pool.warm_up()


def worker_pids() -> set[int]:
    """The render workers waiting for work, by process id (evidence for tests and benchmarks
    that an overrun replaced only its own worker)."""
    return _pool.pids()


def render(text: str, context: LinkContext | None = None, *, timeout: float = 2.0) -> str:
    """Sanitised HTML for `text`, never taking much longer than `timeout` seconds of rendering:
    past it (or on a renderer bug) the text is shown escaped, and other renders carry on. A text
    rendered lately with the same context is answered from memory (a save of what the editor
    just previewed); a fallback is not kept."""
    text, context = text or "", context or LinkContext()
    key = _rendered_key(text, context)
    output = _rendered.get(key)
    if output is not None:
        return output
    answer = _pool.render(text, context, timeout)
    if answer is None:
        log.warning(
            "markdown rendering took over %.1fs (or its worker died); showing escaped text", timeout
        )
        return escaped(text)  # not kept: a calmer moment may render it
    ok, output = answer
    if not ok:
        log.error("markdown rendering failed (%s); showing escaped text", output)
        return escaped(text)
    _rendered.put(key, output, len(text) + len(output))
    return output
