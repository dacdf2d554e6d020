"""The embedded engine: a tantivy index in the data folder.

Which documents match is decided by the folded words ("xu ly", see app/core/folding.py) of
all of a document's text, one term per query word; how they rank adds bonuses for words found
in the head (titles and keywords), folded and once more as written (NFC, lower-case: "xử lý").
Keeping the bonuses out of what must match makes the intersection of the words, and the facet
counts, single-term look-ups (see docs/search.md).

Ranking comes in tiers, each worth more than everything below it: how many of the query's
words a listing has (only when the query as typed finds fewer than RELAX_BELOW listings, see
`TantivyEngine.search`), then how many of the words typed with diacritics it has as typed
("đúc đồng" before "sâu đục … hoạt động"), then the relevance of the words.

Writes take the index's single writer for the duration of one batch, so a `techex reindex` in
another process waits for the running worker's batch, not for ever.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import structlog
import tantivy

from app.core.config import Settings
from app.core.folding import beginnings, exact_tokens, search_fold
from app.search.documents import SearchDocument
from app.search.engines.base import EngineHealth, SearchEngineUnavailable
from app.search.glossary import NO_GLOSSARY, Glossary, Segment, load_glossary
from app.search.query import (
    FACET_FIELDS,
    FUZZY_MIN_LENGTH,
    RELAX_BELOW,
    SHORT_FUZZY_MIN_LENGTH,
    ParsedQuery,
    SearchHit,
    SearchRequest,
    SearchResults,
    SearchSort,
    display_of,
    parse_query,
    timestamp,
)

log = structlog.get_logger(__name__)

# The document's text in two groups: the "head" (titles and keywords, which say what the
# listing is) and the "text" (summary and body).
TEXT_GROUPS: dict[str, tuple[str, ...]] = {
    "head": ("title", "title_en", "keywords"),
    "text": ("summary", "body"),
}
# Keyword fields that a document may lack (None), after the type every document has.
_OPTIONAL_KEYWORDS = (
    "offer_kind",
    "ip_type",
    "origin",
    "origin_country",
    "organization_type",
    "price_mode",
    "commune_code",
)
# The S&T field's path ("2", "207", "20701"), one level per column.
FIELD_LEVELS = ("field_l1", "field_l2", "field_l3")
# Facet and filter columns hold exactly one value for every document, _NONE where it has none
# (left out of the counts): tantivy counts a column with one value per document much faster
# than one that some documents lack or that holds several values.
_NONE = "~"  # refused by the API's filter pattern, so no one can ask for it
_KEYWORD_FIELDS = ("type", *FIELD_LEVELS, *_OPTIONAL_KEYWORDS)
# A query word found anywhere scores its BM25 in all_f (weight 1); found in the head, _HEAD in
# all (a bonus of _HEAD - 1 in head_f), and as much again with the diacritics as typed.
_HEAD = 3.0
_EXACT = 1.0  # × _HEAD
_FUZZY = 0.3
_PREFIX = 0.5
_ALTERNATIVE = 0.7  # a glossary rendering counts a little less than the words typed
_PHRASE = 0.75
# A glossary rendering matches as a phrase with up to this many other words in between
# ("xử lý nước thải" in "xử lý triệt để nước thải").
_RENDERING_SLOP = 2
# The tiers: each query word a listing has (when relaxed), each word typed with diacritics that
# it has as typed. Relevance stays below _AS_TYPED (about 40 at most on the demo catalogue).
_COVER = 10_000.0
_AS_TYPED = 200.0
_WRITER_HEAP = 64_000_000
_RELOAD_SECONDS = 1.0
_MAX_FACET_VALUES = 2_000  # every value of a facet (S&T codes are the most numerous)


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in _KEYWORD_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_text_field("head")
    builder.add_text_field("head_f")
    builder.add_text_field("all_f")
    # Every word of every text as written (NFC, lower-case): the words typed with diacritics
    # are looked up here, so that "đồng" outranks "động" and "dòng".
    builder.add_text_field("all_x", index_option="freq")
    # Neighbouring folded words of the head ("xu ly", "ly nuoc"): the bonus for words typed
    # next to each other is a term look-up here, not a phrase query over positions.
    builder.add_text_field("head_pairs", tokenizer_name="raw", index_option="freq")
    # Every beginning of every folded word of the head ("t", "th", "tha", "thai"): the last
    # word typed is looked up as one term here, not by walking the head's vocabulary.
    builder.add_text_field("head_prefixes", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("trl", indexed=True, fast=True)
    builder.add_integer_field("trl_sort", fast=True)
    builder.add_integer_field("published_ts", fast=True)
    builder.add_integer_field("expires_ts", indexed=True, fast=True)
    builder.add_bytes_field("display", stored=True, indexed=False)
    return builder.build()


def word_pairs(words: Sequence[str]) -> list[str]:
    return [f"{first} {second}" for first, second in itertools.pairwise(words)]


def word_prefixes(texts: Sequence[str]) -> list[str]:
    words = {word for text in texts for word in text.split()}
    return sorted({word[:end] for word in words for end in range(1, len(word) + 1)})


def _texts(document: SearchDocument, group: str) -> list[str]:
    texts: list[str] = []
    for name in TEXT_GROUPS[group]:
        value = document[name]  # type: ignore[literal-required]
        if isinstance(value, list):
            texts.extend(value)
        elif value:
            texts.append(value)
    return texts


def to_tantivy(document: SearchDocument) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": document["id"],
        "type": document["type"],
        "trl_sort": document["trl"] or 0,
        "published_ts": timestamp(document["published_at"]),
        "expires_ts": timestamp(document["expires_at"]),
        "display": orjson.dumps(display_of(document)),
    }
    fields["head"] = _texts(document, "head")
    fields["head_f"] = [search_fold(text) for text in fields["head"]]
    fields["all_f"] = [*fields["head_f"], *(search_fold(text) for text in _texts(document, "text"))]
    every_text = [*fields["head"], *_texts(document, "text")]
    fields["all_x"] = " ".join(token for text in every_text for token in exact_tokens(text))
    fields["head_pairs"] = [pair for text in fields["head_f"] for pair in word_pairs(text.split())]
    fields["head_prefixes"] = word_prefixes(fields["head_f"])
    for name in _OPTIONAL_KEYWORDS:
        value = document[name]  # type: ignore[literal-required]
        fields[name] = _NONE if value is None else value
    path = document["field_codes"]
    if len(path) > len(FIELD_LEVELS):
        raise ValueError(f"S&T field path deeper than {len(FIELD_LEVELS)} levels: {path}")
    for level, column in enumerate(FIELD_LEVELS):
        fields[column] = path[level] if level < len(path) else _NONE
    if document["trl"] is not None:
        fields["trl"] = document["trl"]
    return fields


@dataclass(frozen=True)
class Vocabulary:
    """What the index knows of a query's words (without a searcher: nothing)."""

    searcher: tantivy.Searcher | None = None

    def known(self, folded: str) -> bool:
        """The folded word is in some title or keyword."""
        return self.searcher is not None and bool(self.searcher.doc_freq("head_f", folded))

    def written(self, exact: str) -> bool:
        """Some listing has the word exactly so (with these diacritics)."""
        return self.searcher is None or bool(self.searcher.doc_freq("all_x", exact))

    def rarity(self, folded: str) -> float:
        """0 for a word every listing has, 1 for a word one listing has."""
        if self.searcher is None:
            return 0.0
        listings = max(2, self.searcher.num_docs)
        found = max(1, self.searcher.doc_freq("all_f", folded))
        return max(0.0, math.log(listings / found) / math.log(listings))

    def forgives_typo(self, folded: str, relaxed: bool) -> bool:
        """A word long enough to forgive a typo that no title or keyword has as typed."""
        min_length = SHORT_FUZZY_MIN_LENGTH if relaxed else FUZZY_MIN_LENGTH
        return len(folded) >= min_length and not self.known(folded)


class QueryBuilder:
    """Which documents match is decided by one folded term per word (in `all_f`, every text of
    the document), so the facet counts and the intersection of a query's words are cheap; how
    they rank adds optional bonuses for the words found in a title or keyword, as typed or
    folded, and for words typed next to each other that stand next to each other there."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def build(
        self,
        request: SearchRequest,
        parsed: ParsedQuery,
        *,
        ranking: bool = True,
        words: Vocabulary = Vocabulary(),
        relaxed: bool = False,
    ) -> tantivy.Query:
        """The query; with ranking=False only what decides WHICH documents match (for facet
        counts), without the bonuses that only change their order. A typo is only looked for
        in a word that no title or keyword has as typed (a word found as typed was not
        mistyped), which keeps the query cheap. `relaxed`: any of the words is enough (most
        of them rank first) and words of four letters forgive a typo, for when the words as
        typed find too little; a rare word counts up to one and a half times a word most
        listings have, as Meilisearch's "frequency" strategy drops the most frequent words
        first."""
        Occur = tantivy.Occur
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if parsed.is_empty:
            clauses.append((Occur.Must, tantivy.Query.all_query()))
        else:
            segments = self._distinct(parsed)
            if relaxed or parsed.any_word:
                each = self._each_word(parsed, segments, words, relaxed)
                clauses.append((Occur.Must, self._any([query for _, query in each])))
                if ranking:
                    clauses += [(Occur.Should, self._const(q, _COVER * w)) for w, q in each]
            else:
                queries = [self._segment(parsed, s, words, relaxed) for s in segments]
                if request.match_any:
                    clauses.append((Occur.Must, self._any(queries)))
                else:
                    clauses.extend((Occur.Must, q) for q in queries)
            clauses += [(Occur.Must, self._phrase(words)) for words in parsed.phrases]
            if ranking:
                clauses.extend((Occur.Should, bonus) for bonus in self._bonuses(parsed))
                if not request.match_any:
                    clauses += [(Occur.Should, tier) for tier in self._as_typed(parsed, segments)]
        clauses += [(Occur.MustNot, self._term("all_f", word)) for word in parsed.excluded]
        clauses.extend((Occur.Must, self._zero(f)) for f in self._filters(request))
        return tantivy.Query.boolean_query(clauses)

    def _each_word(
        self, parsed: ParsedQuery, segments: list[Segment], words: Vocabulary, relaxed: bool
    ) -> list[tuple[float, tantivy.Query]]:
        """Each query word alone, or the glossary phrase it belongs to in another rendering,
        with what it adds to the coverage: a listing counts the words it has, not only the
        whole phrases. A word typed with diacritics counts half when found only folded
        ("động" for "đồng")."""
        last = len(parsed.folded) - 1
        each = []
        for segment in segments:
            renderings = self._renderings(segment)
            for i in range(segment.start, segment.end):
                weight = 1 + round(words.rarity(parsed.folded[i]) / 2, 1)
                word = self._word(parsed.folded[i], i == last, words, relaxed)
                found = self._any([word, *renderings])
                if parsed.with_diacritics(i) and words.written(parsed.exact[i]):
                    as_typed = self._any([self._term("all_x", parsed.exact[i]), *renderings])
                    each += [(weight / 2, found), (weight / 2, as_typed)]
                else:
                    each.append((weight, found))
        return each

    def _renderings(self, segment: Segment) -> list[tantivy.Query]:
        """The other renderings of a glossary phrase, each as a phrase: "hợp tác xã" for "HTX",
        not "hợp", "tác" and "xã" anywhere."""
        return [
            tantivy.Query.boost_query(self._rendering(tokens), _ALTERNATIVE)
            for tokens in segment.alternatives
        ]

    def _rendering(self, tokens: tuple[str, ...]) -> tantivy.Query:
        if len(tokens) == 1:
            return self._term("all_f", tokens[0])
        return tantivy.Query.phrase_query(self.schema, "all_f", list(tokens), _RENDERING_SLOP)

    def _as_typed(self, parsed: ParsedQuery, segments: list[Segment]) -> list[tantivy.Query]:
        """For each segment with a word typed with diacritics: the tier of listings that have
        its words as typed (a word typed without diacritics counts folded), or another
        rendering of its glossary concept."""
        tiers = []
        for segment in segments:
            positions = range(segment.start, segment.end)
            if not any(parsed.with_diacritics(i) for i in positions):
                continue
            typed = self._all(
                [
                    self._term("all_x", parsed.exact[i])
                    if parsed.with_diacritics(i)
                    else self._term("all_f", parsed.folded[i])
                    for i in positions
                ]
            )
            renderings = [self._rendering(tokens) for tokens in segment.alternatives]
            tiers.append(self._const(self._any([typed, *renderings]), _AS_TYPED * len(positions)))
        return tiers

    def _phrase(self, words: tuple[str, ...]) -> tantivy.Query:
        return tantivy.Query.phrase_query(self.schema, "all_f", list(words))

    @staticmethod
    def _const(query: tantivy.Query, score: float) -> tantivy.Query:
        return tantivy.Query.const_score_query(query, score)

    @staticmethod
    def _distinct(parsed: ParsedQuery) -> list[Segment]:
        """The segments, a repeated one only once: a phrase pasted many times must not walk
        the same postings once per copy (the last copy stays apart, as it also matches as a
        prefix)."""
        last = len(parsed.folded)
        distinct = {
            (tuple(parsed.folded[s.start : s.end]), s.alternatives, s.end == last): s
            for s in reversed(parsed.segments)  # the first of equal segments is kept
        }
        return sorted(distinct.values())

    def _zero(self, query: tantivy.Query) -> tantivy.Query:
        return tantivy.Query.const_score_query(query, 0.0)

    def _filters(self, request: SearchRequest) -> list[tantivy.Query]:
        now = request.now or datetime.now(UTC)
        filters = [
            tantivy.Query.range_query(
                self.schema, "expires_ts", tantivy.FieldType.Integer, int(now.timestamp()), None
            )
        ]
        for name, value in request.filters.keywords.items():
            if name == "field_codes":  # a code of any level: one of the level columns holds it
                columns = [tantivy.Query.term_query(self.schema, c, value) for c in FIELD_LEVELS]
                filters.append(self._any(columns))
            else:
                filters.append(tantivy.Query.term_query(self.schema, name, value))
        trl = request.filters
        if trl.trl_min is not None or trl.trl_max is not None:
            filters.append(
                tantivy.Query.range_query(
                    self.schema, "trl", tantivy.FieldType.Integer, trl.trl_min, trl.trl_max
                )
            )
        return filters

    def _segment(
        self, parsed: ParsedQuery, segment: Segment, words: Vocabulary, relaxed: bool
    ) -> tantivy.Query:
        last = len(parsed.folded) - 1
        typed = self._all(
            [
                self._word(parsed.folded[i], i == last, words, relaxed)
                for i in range(segment.start, segment.end)
            ]
        )
        return self._any([typed, *self._renderings(segment)])

    def _word(self, folded: str, is_last: bool, words: Vocabulary, relaxed: bool) -> tantivy.Query:
        """One query word, folded: anywhere in the document, one typo away in a title or
        keyword, or (the last word) begun there."""
        fuzzy = tantivy.Query.fuzzy_term_query
        boost = tantivy.Query.boost_query
        options = [self._term("all_f", folded)]
        long_word = words.forgives_typo(folded, relaxed)
        if long_word:
            options.append(boost(fuzzy(self.schema, "head_f", folded, 1), _HEAD * _FUZZY))
        if is_last:
            # Search-as-you-type: the last word may be unfinished ("xu ly nuoc th"). Titles and
            # keywords only: a prefix over the long texts' vocabulary costs more than it finds.
            # A constant score, as the automaton gives, however common the beginning.
            # An unfinished "nghi" begins "nghiệp", though whole it folds to "nghy".
            if long_word:
                prefix = fuzzy(self.schema, "head_f", folded, 1, True, True)
            else:
                prefix = self._any([self._term("head_prefixes", p) for p in beginnings(folded)])
            options.append(tantivy.Query.const_score_query(prefix, _HEAD * _PREFIX))
        return self._any(options)

    def _bonuses(self, parsed: ParsedQuery) -> list[tantivy.Query]:
        """What ranks a matching document higher, none of it required: each word in a title
        or keyword (folded, and once more with the diacritics as typed), a glossary
        rendering there, and each pair of words typed next to each other that stand next to
        each other there (looked up as one term of `head_pairs`, not as a phrase query)."""
        boost = tantivy.Query.boost_query
        exact, folded = dict.fromkeys(parsed.exact), dict.fromkeys(parsed.folded)
        bonuses = [boost(self._term("head", word), _HEAD * _EXACT) for word in exact]
        bonuses += [boost(self._term("head_f", word), _HEAD - 1) for word in folded]
        rendered = {
            token
            for segment in parsed.segments
            for tokens in segment.alternatives
            for token in tokens
        } - set(folded)
        bonuses += [
            boost(self._term("head_f", t), (_HEAD - 1) * _ALTERNATIVE) for t in sorted(rendered)
        ]
        typed_pairs = dict.fromkeys(word_pairs(parsed.folded))
        bonuses += [boost(self._term("head_pairs", p), _HEAD * _PHRASE) for p in typed_pairs]
        rendered_pairs = {
            pair
            for segment in parsed.segments
            for tokens in segment.alternatives
            for pair in word_pairs(tokens)
        } - set(typed_pairs)
        bonuses += [
            boost(self._term("head_pairs", p), _HEAD * _PHRASE * _ALTERNATIVE)
            for p in sorted(rendered_pairs)
        ]
        return bonuses

    def _term(self, field: str, value: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    @staticmethod
    def _any(queries: list[tantivy.Query]) -> tantivy.Query:
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    @staticmethod
    def _all(queries: list[tantivy.Query]) -> tantivy.Query:
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])


class TantivyEngine:
    name = "tantivy"

    def __init__(self, index_dir: Path, glossary: Glossary = NO_GLOSSARY) -> None:
        self.index_dir = index_dir
        self.glossary = glossary
        self.schema = build_schema()
        self.queries = QueryBuilder(self.schema)
        self._index: tantivy.Index | None = None
        self._reloaded_at = 0.0
        self._generation = ""
        self._writes = 0  # this process's own commits, seen at once whatever the file times
        self._recovering = False  # the index is being rebuilt after a loss (see _recovery_mark)
        self._write_lock = asyncio.Lock()

    # -- opening -------------------------------------------------------------------------
    def _open(self) -> tantivy.Index:
        if self._index is None:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            created = not (self.index_dir / "meta.json").exists()
            self._generation = self._meta_stamp()
            try:
                self._index = tantivy.Index(self.schema, path=str(self.index_dir), reuse=True)
            except ValueError as exc:
                if "schema does not match" not in str(exc):
                    # Unreadable (a damaged meta.json): derived data, so start again empty;
                    # searches answer 503 until the rebuild from the database is done.
                    log.error("search index unreadable: rebuilding it", error=str(exc)[:300])
                    self._recovery_mark.touch()
                    self._recovering = True
                self._index = self._replace_outdated_index(str(exc))
                created = True
            if created:
                # Beside the index, not in it: tantivy manages the files of its folder. Any
                # process may create the index; the one running the worker sees the mark.
                self._rebuild_mark.touch()
            self._recovering = self._recovery_mark.exists()
            self._reloaded_at = time.monotonic()
        return self._index

    def _lost(self) -> bool:
        """The folder of an index already built was removed under this process."""
        return (
            self._index is not None
            and self._generation != "empty"
            and not (self.index_dir / "meta.json").exists()
        )

    @property
    def _rebuild_mark(self) -> Path:
        return self.index_dir.with_name(f"{self.index_dir.name}.rebuild-needed")

    @property
    def _recovery_mark(self) -> Path:
        """Present from the loss or damage of a built index until it is rebuilt: searches
        would otherwise answer from a partial index as if it were whole."""
        return self.index_dir.with_name(f"{self.index_dir.name}.recovering")

    def needs_rebuild(self) -> bool:
        if self._lost():
            self._forget_lost_index()
        self._open()
        return self._rebuild_mark.exists()

    def mark_rebuilt(self) -> None:
        self._rebuild_mark.unlink(missing_ok=True)
        self._recovery_mark.unlink(missing_ok=True)
        self._recovering = False

    def _forget_lost_index(self) -> None:
        log.error("search index folder disappeared: rebuilding it", index_dir=str(self.index_dir))
        self._index = None
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self._recovery_mark.touch()
        self._recovering = True

    def _replace_outdated_index(self, reason: str) -> tantivy.Index:
        """An index built by an older version of this schema: the index is derived data, so it
        is replaced by an empty one, which the worker fills again from the database."""
        log.warning(
            "search index unusable (schema changed or damaged): removed, to be rebuilt",
            index_dir=str(self.index_dir),
            reason=reason[:300],
        )
        for entry in self.index_dir.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        return tantivy.Index(self.schema, path=str(self.index_dir), reuse=True)

    def _searcher(self) -> tantivy.Searcher:
        return self._current_index().searcher()

    def _current_index(self) -> tantivy.Index:
        """The index, reloaded at most once a second: another process (`techex worker`,
        `techex reindex`) may have committed meanwhile."""
        try:
            if time.monotonic() - self._reloaded_at > _RELOAD_SECONDS and self._lost():
                self._forget_lost_index()
            index = self._open()
        except (OSError, ValueError) as exc:  # a folder unreadable or not writable
            raise SearchEngineUnavailable(f"tantivy index unusable: {exc}") from exc
        if time.monotonic() - self._reloaded_at > _RELOAD_SECONDS:
            # Another process's mark is seen at the reload, as its commits are; this
            # process's own marks at once (set where it makes or removes them).
            self._recovering = self._recovery_mark.exists()
            if not self._recovering:
                self._reload(index)
        if self._recovering:
            raise SearchEngineUnavailable("tantivy index is being rebuilt after a loss")
        return index

    def _reload(self, index: tantivy.Index) -> None:
        # Every commit replaces meta.json. Its stamp is read before the reload: a commit that
        # lands in between gives a reader newer than the stamp, never one older, so the next
        # reload changes the generation again and no stale answer outlives it.
        self._generation = self._meta_stamp()
        index.reload()
        self._reloaded_at = time.monotonic()

    def _meta_stamp(self) -> str:
        try:
            meta = (self.index_dir / "meta.json").stat()
        except FileNotFoundError:
            return "empty"
        return f"{meta.st_ino}:{meta.st_mtime_ns}:{meta.st_size}"

    def generation(self) -> str:
        """Changes whenever the index that searches read changes (see app/search/cache.py)."""
        self._current_index()
        return f"{self._generation}:{self._writes}"

    def _check(self) -> str:
        """The folder is writable; an index already built there opens and is readable."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        if not os.access(self.index_dir, os.W_OK):
            raise OSError(f"{self.index_dir} is not writable")
        if not (self.index_dir / "meta.json").exists() and not self._lost():
            return "no index built yet"
        return f"{self._searcher().num_docs} documents"

    async def health(self) -> EngineHealth:
        try:
            detail = await asyncio.to_thread(self._check)
        except (OSError, ValueError, SearchEngineUnavailable) as exc:
            return EngineHealth(ok=False, detail=f"index at {self.index_dir} unusable: {exc}")
        return EngineHealth(ok=True, detail=detail)

    async def ensure_ready(self) -> None:
        await asyncio.to_thread(self._open)

    # -- writing -------------------------------------------------------------------------
    def _write(self, upserts: Sequence[SearchDocument], deletes: Sequence[str]) -> None:
        if self._lost():
            self._forget_lost_index()
        index = self._open()
        try:
            writer = index.writer(_WRITER_HEAP, 1)
        except ValueError as exc:  # the lock is held by another writer (another process)
            raise SearchEngineUnavailable(f"tantivy index is locked: {exc}") from exc
        try:
            for doc_id in [*deletes, *(document["id"] for document in upserts)]:
                writer.delete_documents_by_term("id", doc_id)
            for document in upserts:
                writer.add_document(tantivy.Document(**to_tantivy(document)))
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        self._reload(index)
        self._writes += 1

    def _clear(self) -> None:
        if self._lost():
            self._forget_lost_index()
        index = self._open()
        writer = index.writer(_WRITER_HEAP, 1)
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()
        self._reload(index)
        self._writes += 1

    async def apply(self, upserts: Sequence[SearchDocument], deletes: Sequence[str]) -> None:
        async with self._write_lock:
            try:
                await asyncio.to_thread(self._write, upserts, deletes)
            except OSError as exc:
                raise SearchEngineUnavailable(f"tantivy index unusable: {exc}") from exc

    async def clear(self) -> None:
        async with self._write_lock:
            await asyncio.to_thread(self._clear)

    # -- reading -------------------------------------------------------------------------
    def _top(
        self, searcher: tantivy.Searcher, query: tantivy.Query, request: SearchRequest, empty: bool
    ) -> tuple[list[SearchHit], int]:
        order_by = None
        if request.sort is SearchSort.newest or (request.sort is SearchSort.relevance and empty):
            order_by = "published_ts"
        elif request.sort is SearchSort.trl:
            order_by = "trl_sort"
        found = searcher.search(
            query, request.limit, count=True, order_by_field=order_by, offset=request.offset
        )
        hits = [
            SearchHit(
                document=orjson.loads(searcher.doc(address)["display"][0]),
                score=float(key) if order_by is None else None,
            )
            for key, address in found.hits
        ]
        total: int = getattr(found, "count", None) or 0  # missing from the type stubs
        return hits, total

    @staticmethod
    def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, dict[str, int]]:
        columns: dict[str, tuple[str, ...]] = {name: (name,) for name in FACET_FIELDS}
        columns["field_codes"] = FIELD_LEVELS
        columns["trl"] = ("trl_sort",)  # 0: no TRL given
        spec = {
            column: {"terms": {"field": column, "size": _MAX_FACET_VALUES}}
            for names in columns.values()
            for column in names
        }
        answer = searcher.aggregate(query, spec)
        return {
            name: {
                str(bucket["key"]): int(bucket["doc_count"])
                for column in names
                for bucket in answer[column]["buckets"]
                if bucket["key"] not in (_NONE, 0)
            }
            for name, names in columns.items()
        }

    async def search(self, request: SearchRequest) -> SearchResults:
        # In a worker thread, not on the event loop: while tantivy searches (without the GIL),
        # the loop goes on answering the reads and writes that arrive meanwhile, instead of
        # queueing them behind milliseconds of search (bench/search_speed.py, mixed traffic).
        return await asyncio.to_thread(self.search_now, request)

    def search_now(self, request: SearchRequest) -> SearchResults:
        """The search itself, in the calling thread."""
        parsed = parse_query(request.text, self.glossary)
        searcher = self._searcher()  # cheap: reloads at most once a second
        words = Vocabulary(searcher)
        query = self.queries.build(request, parsed, words=words)
        hits, total = self._top(searcher, query, request, parsed.is_empty)
        # Too little for the words as typed: most of the words, and typos in shorter words.
        relaxed = total < RELAX_BELOW and not parsed.is_empty and not request.match_any
        if relaxed:
            query = self.queries.build(request, parsed, words=words, relaxed=True)
            hits, total = self._top(searcher, query, request, parsed.is_empty)
        forgiven = frozenset(w for w in parsed.folded if words.forgives_typo(w, relaxed))
        if not request.with_facets:
            return SearchResults(hits=hits, total=total, facets={}, forgiven=forgiven)
        facet_query = self.queries.build(
            request, parsed, ranking=False, words=words, relaxed=relaxed
        )
        facets = self._facets(searcher, facet_query)
        return SearchResults(hits=hits, total=total, facets=facets, forgiven=forgiven)


def create(settings: Settings) -> TantivyEngine:
    glossary = load_glossary() if settings.search.cross_language else NO_GLOSSARY
    return TantivyEngine(settings.search_index_dir, glossary)
