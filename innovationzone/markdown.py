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
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import quote

import markdown as md
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

log = logging.getLogger(__name__)

WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]")
MENTION_RE = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9._-]{1,31})\b", re.IGNORECASE)
WORKERS = 2

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
    return CLEANER(raw_html)


def escaped(text: str) -> str:
    """The fallback when rendering takes too long: the text, inert and readable."""
    return f'<pre class="render-fallback">{html.escape(text or "")}</pre>'


class _Pool:
    """A small process pool that can be replaced when a worker must be killed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn")
                )
                # Start the workers before any time limit runs: a cold start (a new interpreter
                # importing Markdown and Pygments) takes seconds on a busy host.
                for warm_up in [self._executor.submit(render_now, "") for _ in range(WORKERS)]:
                    warm_up.result()
            return self._executor

    def reset(self, broken: ProcessPoolExecutor) -> None:
        """Kill the stuck worker(s): the stdlib pool offers no per-task timeout of its own."""
        with self._lock:
            if self._executor is not broken:
                return
            self._executor = None
        for process in list((broken._processes or {}).values()):
            process.kill()
        broken.shutdown(wait=False, cancel_futures=True)


_pool = _Pool()


def _render_in_worker(text: str, context: LinkContext, timeout: float) -> str:
    for _attempt in range(2):  # a pool broken by another request's timeout is retried once
        executor = _pool.executor()
        future = executor.submit(render_now, text, context)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            log.warning("markdown rendering took over %.1fs; showing escaped text", timeout)
            _pool.reset(executor)
            return escaped(text)
        except BrokenProcessPool:
            _pool.reset(executor)
        except Exception:  # a renderer bug must cost formatting, never the user's save
            log.exception("markdown rendering failed; showing escaped text")
            return escaped(text)
    return escaped(text)


def render(text: str, context: LinkContext | None = None, *, timeout: float = 2.0) -> str:
    """Sanitised HTML for `text`, never taking much longer than `timeout` seconds."""
    return _render_in_worker(text or "", context or LinkContext(), timeout)
