"""A rendered HTML page kept as fixed pieces and named slots, compressed once, filled per request.

Why: a wiki page looks the same to everyone of the same language and rights, except for a few
bytes (the reader's name and zones menu, unread count, CSRF token). Rendering it again per view
(Jinja, ~60 translations, ~60 URL builds) and gzipping ~55 KB per view cost ~15 ms; keeping the
rendered pieces, each already deflated, and writing the few per-reader bytes as stored deflate
blocks between them makes a view a few list joins and one CRC.

How the gzip is spliced: each fixed piece is deflated on its own and ended with a sync flush, so
it ends on a byte boundary and refers to nothing before it; a per-request value goes in as a
stored (uncompressed) block. Concatenated, with a final empty block, a gzip header and the CRC
and length of the whole text, they form one valid gzip stream (RFC 1951/1952), as pigz does.
"""

from __future__ import annotations

import re
import secrets
import struct
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from threading import Lock
from typing import Generic, TypeVar, Union

from markupsafe import Markup

# Per process: text a user writes can never contain a marker it cannot guess.
_NONCE = secrets.token_hex(8)
_MARK = re.compile(f"<!--slot:{_NONCE}:([a-z_]+)-->")
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_FINAL_BLOCK = b"\x03\x00"  # an empty final block with fixed codes
_STORED_MAX = 0xFFFF


def slot(name: str) -> Markup:
    """The marker a template writes where the slot `name` is to be filled per request."""
    return Markup(f"<!--slot:{_NONCE}:{name}-->")


@dataclass(frozen=True)
class Chunk:
    """A fixed stretch of the page: its text and the same text deflated on its own."""

    raw: bytes
    deflated: bytes


Part = Union[Chunk, str]  # noqa: UP007 - a runtime alias
Value = Union[str, "Pieces"]  # noqa: UP007


class Pieces:
    """A page split at its slots; `fill` answers the whole page for one request."""

    def __init__(self, html: str) -> None:
        """Split rendered `html` at its slot markers and deflate each fixed piece once."""
        parts: list[Part] = []
        for index, text in enumerate(_MARK.split(html)):
            if index % 2:
                parts.append(text)
            elif text:
                data = text.encode()
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                parts.append(
                    Chunk(data, compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH))
                )
        self.parts = parts
        self.size = sum(len(p.raw) + len(p.deflated) for p in parts if isinstance(p, Chunk))

    def slots(self) -> set[str]:
        """The names this page expects a value for."""
        return {p for p in self.parts if isinstance(p, str)}

    def flatten(self, values: Mapping[str, Value]) -> list[Part]:
        """The parts with every slot replaced by its value (a nested Pieces is spliced in)."""
        out: list[Part] = []
        for part in self.parts:
            if isinstance(part, Chunk):
                out.append(part)
                continue
            value = values[part]
            if isinstance(value, Pieces):
                out.extend(value.flatten(values))
            else:
                out.append(value)
        return out


def plain(parts: Iterable[Part]) -> bytes:
    """The page uncompressed."""
    return b"".join(p.raw if isinstance(p, Chunk) else p.encode() for p in parts)


def gzipped(parts: Iterable[Part]) -> bytes:
    """The page as one gzip stream: fixed pieces as deflated once, values as stored blocks."""
    out = [_GZIP_HEADER]
    crc = size = 0
    for part in parts:
        if isinstance(part, Chunk):
            out.append(part.deflated)
            data = part.raw
        elif not part:  # most slots are empty for most readers: nothing to write or count
            continue
        else:
            data = part.encode()
            for start in range(0, len(data), _STORED_MAX):
                block = data[start : start + _STORED_MAX]
                out.append(struct.pack("<BHH", 0, len(block), len(block) ^ 0xFFFF) + block)
        crc = zlib.crc32(data, crc)
        size += len(data)
    out.append(_FINAL_BLOCK)
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """Least recently used entries, at most `budget` in total weight (bytes, or a count)."""

    def __init__(self, budget: int) -> None:
        """An empty cache holding at most `budget` weight."""
        self.budget = budget
        self.weight = 0
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: K) -> V | None:
        """The entry for `key`, now the most recently used, or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V, weight: int = 1) -> None:
        """Keep `value`, dropping the least recently used entries beyond the budget."""
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.weight -= old[1]
            self._entries[key] = (value, weight)
            self.weight += weight
            while self.weight > self.budget and len(self._entries) > 1:
                _key, (_value, dropped) = self._entries.popitem(last=False)
                self.weight -= dropped

    def __len__(self) -> int:
        """How many entries are kept."""
        return len(self._entries)
