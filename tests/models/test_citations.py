"""Every element of every shipped model cites its document verbatim, and every timescale or count
the document states is either in the model or in its list of what is not encoded."""

from __future__ import annotations

import pytest

from models import MODEL_NAMES, load_model
from models.data.sources import document_path, quote_span, timescales

SHIPPED = [n for n in MODEL_NAMES]


@pytest.mark.parametrize("name", SHIPPED)
def test_quotes_are_verbatim_and_short(name: str) -> None:
    model = load_model(name)
    text = document_path(model.document).read_text(encoding="utf-8")
    items = [*model.elements.values(), *model.lanes.values(), *model.participants.values(),
             *model.flows.values()]
    missing = []
    for item in items:
        for c in item.citations:
            assert c.document == model.document, (item.id, c.document)
            assert len(c.quote.split()) <= 25, (item.id, c.quote)
            assert c.section, item.id
            if quote_span(text, c.quote) is None:
                missing.append((item.id, c.quote))
    for o in model.omissions:
        assert o.reason.strip(), o.citation.quote
        if quote_span(text, o.citation.quote) is None:
            missing.append(("omission", o.citation.quote))
    assert missing == []


@pytest.mark.parametrize("name", SHIPPED)
def test_every_timescale_is_encoded_or_listed_as_not_encoded(name: str) -> None:
    model = load_model(name)
    text = document_path(model.document).read_text(encoding="utf-8")
    spans = []
    for item in [*model.elements.values(), *model.lanes.values(), *model.participants.values(),
                 *model.flows.values()]:
        for c in item.citations:
            span = quote_span(text, c.quote)
            if span:
                spans.append(span)
    for o in model.omissions:
        span = quote_span(text, o.citation.quote)
        if span:
            spans.append(span)
    uncovered = [t.context for t in timescales(text)
                 if not any(a <= t.start and t.end <= b for a, b in spans)]
    assert uncovered == []


@pytest.mark.parametrize("name", SHIPPED)
def test_every_timer_and_deadline_cites_a_stated_timescale(name: str) -> None:
    model = load_model(name)
    assert model.authority and model.document
    timed = [e for e in model.elements.values() if e.timer or e.deadlines]
    assert timed, "a protocol model without any timescale"
    for e in timed:
        assert e.citations, e.id
