"""Markdown for wiki pages, blog posts, comments and chat: one renderer, one sanitiser.

Python-Markdown never sanitises, so every output goes through nh3 with an allow-list. It is
also quadratic on bracket-heavy input ("[a" * 8000 takes tens of seconds), so rendering runs in
a worker process with a time limit: past it the worker is killed and the text is shown escaped.
Under eventlet the pool's threads and locks are green, so the wait yields to other users; it
must stay in the green thread (from tpool's OS threads the green locks fail with
"Cannot switch to a different thread"). One pathological page never stalls other users.

Wiki links and mentions need the database (does the page exist? the user?), which the worker
does not have: the caller resolves them first and passes the answers in.
"""

from __future__ import annotations

import html
import logging
import multiprocessing
import queue
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from urllib.parse import quote

import markdown as md
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

log = logging.getLogger(__name__)

WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]")
MENTION_RE = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9._-]{1,31})\b", re.IGNORECASE)
WORKERS = 2
# How long a render may wait for a free worker (all busy, or being replaced) before giving up.
WAIT_FOR_WORKER = 30.0

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
CLEANER = dict(
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


def normalise_path(target: str) -> str:
    """`Onboarding / Kassa checklist` -> `Onboarding/Kassa_checklist`: one spelling per page."""
    parts = [re.sub(r"\s+", "_", part.strip()) for part in target.strip().strip("/").split("/")]
    return "/".join(part for part in parts if part)


def extract_wikilinks(text: str) -> list[WikiLink]:
    """The [[links]] of a Markdown text, so pages can record backlinks and link existence can be
    resolved before rendering."""
    links = []
    for match in WIKILINK_RE.finditer(text or ""):
        target, label = match.group(1).strip(), (match.group(2) or "").strip()
        zone = None
        if ":" in target:
            zone_part, rest = target.split(":", 1)
            if re.fullmatch(r"[a-z0-9-]{1,50}", zone_part.strip()):
                zone, target = zone_part.strip(), rest.strip()
        if target:
            links.append(WikiLink(zone, normalise_path(target), label or target))
    return links


def extract_mentions(text: str) -> set[str]:
    """Usernames mentioned with @, lowercased; code spans and blocks included (cheap and safe)."""
    return {m.group(1).lower() for m in MENTION_RE.finditer(text or "")}


class _WikiLinkProcessor(InlineProcessor):
    def __init__(self, context: LinkContext, md_instance: md.Markdown) -> None:
        super().__init__(WIKILINK_RE.pattern, md_instance)
        self.context = context

    def handleMatch(self, m, data):  # noqa: N802, ANN001 - Python-Markdown's API
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

    def handleMatch(self, m, data):  # noqa: N802, ANN001
        import xml.etree.ElementTree as etree

        username = m.group(1).lower()
        if username not in self.context.users:
            return None, None, None
        element = etree.Element("a")
        element.set("href", self.context.user_url.format(username=username))
        element.set("class", "mention")
        element.text = "@" + m.group(1)
        return element, m.start(0), m.end(0)


class _LinksExtension(Extension):
    def __init__(self, context: LinkContext) -> None:
        super().__init__()
        self.context = context

    def extendMarkdown(self, md_instance):  # noqa: N802, ANN001
        md_instance.inlinePatterns.register(
            _WikiLinkProcessor(self.context, md_instance), "iz_wikilink", 175
        )
        md_instance.inlinePatterns.register(
            _MentionProcessor(self.context, md_instance), "iz_mention", 174
        )


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
            "codehilite": {"css_class": "highlight", "guess_lang": False},
            "pymdownx.tasklist": {"custom_checkbox": False},
            "toc": {"permalink": False},
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
    return nh3.clean(raw_html, **CLEANER)


def escaped(text: str) -> str:
    """The fallback when rendering takes too long: the text, inert and readable."""
    return f'<pre class="render-fallback">{html.escape(text or "")}</pre>'


class _Pool:
    """WORKERS single-process executors, each used by one render at a time.

    Why not one ProcessPoolExecutor: killing a stuck worker breaks the whole pool, so every
    render in flight at that moment failed and waited for a cold restart (seconds), and a
    render queued behind busy workers spent its time limit waiting. Here a render first takes
    an idle worker (the wait does not count against its limit), and an overrun kills and
    replaces only its own worker, in the background, while the others go on.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: queue.Queue[ProcessPoolExecutor] = queue.Queue()
        self._all: set[ProcessPoolExecutor] = set()
        self._started = False

    def _spawn(self) -> None:
        executor = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
        # Start the worker before any time limit runs: a cold start (a new interpreter
        # importing Markdown and Pygments) takes seconds on a busy host.
        executor.submit(render_now, "").result()
        with self._lock:
            self._all.add(executor)
        self._idle.put(executor)

    def _start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(WORKERS):
            self._spawn()

    def _replace(self, executor: ProcessPoolExecutor) -> None:
        """Kill a stuck or broken worker and start its successor without making anyone wait."""
        with self._lock:
            self._all.discard(executor)
        for process in list((executor._processes or {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)
        threading.Thread(target=self._spawn, daemon=True).start()

    def pids(self) -> set[int]:
        """The worker processes now serving renders."""
        with self._lock:
            return {pid for e in self._all for pid in (e._processes or {})}

    def run(self, text: str, context: LinkContext, timeout: float) -> str:
        self._start()
        for _attempt in range(2):  # a worker that died on its own is replaced, then retried once
            try:
                executor = self._idle.get(timeout=WAIT_FOR_WORKER)
            except queue.Empty:
                log.warning(
                    "no markdown worker free for %ss; showing escaped text", WAIT_FOR_WORKER
                )
                return escaped(text)
            try:
                result = executor.submit(render_now, text, context).result(timeout=timeout)
            except FutureTimeout:
                log.warning("markdown rendering took over %.1fs; showing escaped text", timeout)
                self._replace(executor)
                return escaped(text)
            except BrokenProcessPool:
                self._replace(executor)
                continue
            except Exception:  # a renderer bug must cost formatting, never the user's save
                log.exception("markdown rendering failed; showing escaped text")
                self._idle.put(executor)
                return escaped(text)
            self._idle.put(executor)
            return result
        return escaped(text)


_pool = _Pool()


def render(text: str, context: LinkContext | None = None, *, timeout: float = 2.0) -> str:
    """Sanitised HTML for `text`, never taking much longer than `timeout` seconds."""
    return _pool.run(text or "", context or LinkContext(), timeout)
