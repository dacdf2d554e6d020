"""Does a newly published listing answer a saved search? Decided in Python on the listing's
search document (the listing is not in the index yet when it is published), with the same
folding and glossary as search: every word or glossary phrase of the query must be in the
listing's text, as typed or in the other language; the filters must all hold."""

from __future__ import annotations

from typing import Any

from app.core.folding import folded_tokens
from app.search.documents import SearchDocument
from app.search.glossary import Glossary
from app.search.query import parse_query

TEXT_FIELDS = ("title", "title_en", "summary", "body")


def _text_tokens(document: SearchDocument) -> tuple[set[str], str]:
    texts = [document[name] or "" for name in TEXT_FIELDS]  # type: ignore[literal-required]
    texts.extend(document["keywords"])
    tokens = [token for text in texts for token in folded_tokens(text)]
    return set(tokens), " " + " ".join(tokens) + " "


def text_matches(query: str, document: SearchDocument, glossary: Glossary) -> bool:
    parsed = parse_query(query, glossary)
    if parsed.is_empty:
        return True
    words, joined = _text_tokens(document)
    for segment in parsed.segments:
        typed = parsed.folded[segment.start : segment.end]
        if all(word in words for word in typed):
            continue
        if any(f" {' '.join(alternative)} " in joined for alternative in segment.alternatives):
            continue
        return False
    return True


def filters_match(filters: dict[str, Any], document: SearchDocument) -> bool:
    for name, wanted in filters.items():
        if name == "field_code":
            if wanted not in document["field_codes"]:
                return False
        elif name == "trl_min":
            if document["trl"] is None or document["trl"] < wanted:
                return False
        elif name == "trl_max":
            if document["trl"] is None or document["trl"] > wanted:
                return False
        elif document.get(name) != wanted:  # type, offer_kind, origin, ip_type, commune_code
            return False
    return True
