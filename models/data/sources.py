"""The source documents: finding quotes and the timescales and counts a document states."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Timescale", "document_path", "normalise", "quote_span", "timescales"]

_NUM = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"fourteen|fifteen|twenty|twenty[- ]four|twenty[- ]eight|thirty|forty[- ]eight|"
        r"seventy[- ]two|ninety)")
_UNIT = (r"(?:hours?|hrs?|days?|working days?|school days?|weeks?|months?|minutes?|mins?|"
         r"years?)")
TIMESCALE = re.compile(
    rf"\b{_NUM}(?:\s*(?:-|to|or)\s*{_NUM})?(?:\s|-)*(?:working\s+|school\s+|calendar\s+)?{_UNIT}\b"
    rf"|\b{_NUM}\s+(?:or more\s+)?(?:times|episodes|occasions|incidents)\b"
    r"|\b\d{1,2}:\d{2}\s*(?:am|pm|hrs)?\b|\b\d{1,2}\s*(?:am|pm)\b"
    r"|\b(?:24|48|72)\s*(?:h|hr)\b|\b(?:24/7|weekly|monthly|fortnightly|daily)\b",
    re.IGNORECASE,
)


def document_path(document: str, root: Path | None = None) -> Path:
    """Where a protocol document lives: ``../shared/protocols`` beside the repository."""
    base = root or Path(__file__).resolve().parents[3] / "shared" / "protocols"
    return base / document


def normalise(text: str) -> str:
    """Text with typographic quotes and dashes made plain and whitespace collapsed, lower case."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                           "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u2022": " ",
                           "\u00b7": " "})
    return re.sub(r"\s+", " ", text.translate(table)).strip().lower()


def quote_span(document_text: str, quote: str) -> tuple[int, int] | None:
    """Start and end of ``quote`` in the normalised document, or None when it is not there."""
    doc, q = _normalised(document_text), normalise(quote)
    if not q:
        return None
    i = doc.find(q)
    return None if i < 0 else (i, i + len(q))


@functools.lru_cache(maxsize=16)
def _normalised(document_text: str) -> str:
    return normalise(document_text)


@dataclass(frozen=True, slots=True)
class Timescale:
    """A timescale or count as the document states it, with its place in the normalised text."""

    text: str
    start: int
    end: int
    context: str


def timescales(document_text: str) -> list[Timescale]:
    """Every timescale ("72 hours", "3 working days", "weekly") and count ("3 times") stated."""
    doc = normalise(document_text)
    found = []
    for m in TIMESCALE.finditer(doc):
        found.append(Timescale(m.group(0), m.start(), m.end(),
                               doc[max(0, m.start() - 60): m.end() + 60]))
    return found
