"""The one text analysis every engine shares, so a word finds the same documents on SQLite FTS5,
Whoosh and PostgreSQL: documents and queries become lower-case, accent-free words, and every word becomes
its English stem and its Dutch normal form.

Snowball's Dutch stemmer alone leaves singular and plural apart (fiets→fiet but fietsen→fiets,
klantreizen→klantreiz, walvissen→walviss, kinderen→kinder), and Dutch users type the singular
while the text says the plural. So after stemming we fold a final z→s and v→f, undouble a final
doubled consonant, drop an -s after a consonant the way Snowball does, and map the few -eren
plurals to their singular. English words keep Snowball's English (Porter2) stem unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.lang import stopwords_for_language
from whoosh.lang.porter2 import stem as english_stem
from whoosh.lang.snowball.dutch import DutchStemmer

WORD_RE = re.compile(r"\w+", re.UNICODE)
MAX_WORD = 40  # longer "words" are hashes, base64 or noise: never typed, not worth a term
PREFIX_MIN = 4  # query words this long also match as a prefix of an unstemmed word
VOWELS = set("aeiouy")
LONG_VOWEL_RE = re.compile(r"([aeou])\1([^aeiouy]+)$")
EREN_PLURALS = {
    "kinderen": "kind",
    "eieren": "ei",
    "lammeren": "lam",
    "bladeren": "blad",
    "kalveren": "kalf",
    "liederen": "lied",
    "volkeren": "volk",
    "runderen": "rund",
    "goederen": "goed",
    "raderen": "rad",
    "beenderen": "been",
}
STOPWORDS = frozenset(stopwords_for_language("nl")) | frozenset(stopwords_for_language("en"))
_dutch = DutchStemmer()


def fold(text: str) -> str:
    """Lower case without accents: `ideeën` and `ideeen`, `café` and `cafe` are one word."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text in order, folded; what positions (and phrases) count in."""
    return [w for w in WORD_RE.findall(fold(text or "")) if len(w) <= MAX_WORD]


@lru_cache(maxsize=200_000)
def dutch(word: str) -> str:
    """A Dutch word's normal form: Snowball's stem with its plural/singular leftovers folded."""
    stem = _dutch.stem(EREN_PLURALS.get(word, word))
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        stem = stem[:-1]  # walviss -> walvis, buss -> bus
    if len(stem) > 2 and stem[-1] in "zv":
        stem = stem[:-1] + ("s" if stem[-1] == "z" else "f")  # klantreiz -> klantreis
    if len(stem) > 3 and stem[-1] == "s" and stem[-2] not in VOWELS and stem[-2] != "j":
        stem = stem[:-1]  # fietsen -> fiets -> fiet, as Snowball already does for fiets
    return LONG_VOWEL_RE.sub(r"\1\2", stem)  # taak/taken -> tak, boom/bomen -> bom


@lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """The terms one word is indexed and searched under: its English and its Dutch form.
    Remembered: Snowball in pure Python was most of the indexing time, and words repeat."""
    english, nl = english_stem(word), dutch(word)
    return (english,) if english == nl else (english, nl)


def analyse(text: str) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(position, word, stems) for every word of a text."""
    for position, word in enumerate(words(text)):
        yield position, word, stems(word)


def query_words(typed: list[str]) -> list[str]:
    """The words worth searching for: stopwords are dropped unless nothing else is left, so
    "how to return a parcel" does not match every document through "to" and "a"."""
    kept = [w for w in typed if w not in STOPWORDS]
    return kept or typed
