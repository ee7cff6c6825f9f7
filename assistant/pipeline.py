"""The Assistant facade used by the CLI and the UI: load once, then ask and search."""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .answer import Composer
from .config import Settings
from .dialogue import Conversation, Slots, Topic, pointed_section, refers_back, resolve
from .embed import Embedder, EmbedderLoad, ModelCard, preload_embedder
from .index import Index, ensure_index, has_index, preload_query_model
from .ingest import load_corpus
from .metadata import answer_metadata
from .question import clean_question, expand_year_ranges, name_authors
from .retrieve import Mode, Retriever
from .starters import Starter, starter_questions
from .types import Answer, Document, Hit, citation_mark

if TYPE_CHECKING:
    from .facts import Facts

# assistant.facts and assistant.route (and pandas with them) are imported when an Assistant is loaded, so that a cold
# start can load the query model on a thread meanwhile (see Assistant.load)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexStatus:
    model: str
    chunks: int
    sentences: int
    built_at: str
    state: str


class Assistant:
    """One paper, its index and model, shared read-only by any number of conversations and threads."""

    def __init__(self, document: Document, embedder: Embedder, index: Index, settings: Settings, state: str = "loaded",
                 facts: Facts | None = None) -> None:
        from .facts import load_facts

        self.settings = settings
        self.document = document
        self.embedder = embedder
        self.index = index
        self.retriever = Retriever(index, embedder, settings.retrieval)
        self.composer = Composer(document, self.retriever, settings.answer, language=index.lexical.lexicon)
        self.facts = facts if facts is not None else load_facts(document, settings.corpus_dir)  # the reviewed facts.csv, else extracted
        self.slots = Slots.build(document, index.lexical.lexicon, rows=self.composer.sibling_labels())
        self.status = IndexStatus(model=index.manifest.model, chunks=len(index.chunks),
                                  sentences=index.manifest.n_sentences, built_at=index.manifest.built_at, state=state)
        self._lock = threading.Lock()  # one question at a time through the model and the composer
        self._notes: dict[tuple[int, int], tuple[str, ...]] = {}

    @functools.cached_property
    def starters(self) -> tuple[Starter, ...]:
        """Starter questions derived from this paper (made when first shown: answering never needs them)."""
        return starter_questions(self.document, self.facts, k=5)

    @classmethod
    def load(cls, settings: Settings | None = None, *, rebuild: bool = False, paper: str | None = None) -> Assistant:
        """Parse the paper and load the index with its query model (rebuilding both when missing, stale or corrupt:
        only then is sentence-transformers, and torch, imported).

        ``paper`` is a library id or a PDF path (added to the library on first use); without it, the shipped paper
        of ``settings.corpus_dir``."""
        started = time.perf_counter()
        settings = settings or Settings()
        builder: EmbedderLoad | None = None

        def start_builder(index_dir: Path) -> None:
            """A build is coming (no index yet): sentence-transformers loads on a thread meanwhile."""
            nonlocal builder
            if builder is None and (rebuild or not has_index(index_dir)):
                builder = preload_embedder(settings.embed)

        shipped_index = settings.index_dir
        if paper:
            from .library import list_papers, open_paper

            entry, document = open_paper(paper, parsing=lambda p: start_builder(p.index_dir))  # thread after the fork
            settings = dataclasses.replace(settings, corpus_dir=entry.folder, index_dir=entry.index_dir)
        else:
            from .library import list_papers

            start_builder(settings.index_dir)
            document = load_corpus(settings.corpus_dir)
        card = ModelCard(settings.embed.model_dir)
        # the query model loads on a thread while the facts (pandas, the checks) and the rest of the index load here
        query_model = None if rebuild else preload_query_model(settings.index_dir, card, document, settings.embed)
        from .facts import load_facts

        facts = load_facts(document, settings.corpus_dir)
        sources = [shipped_index, *(p.index_dir for p in list_papers())] if builder is not None else []
        index, state = ensure_index(settings.index_dir, document=document, embedder=card, settings=settings.chunk,
                                    rebuild=rebuild, embed=settings.embed, query_model=query_model, builder=builder,
                                    query_model_sources=sources)
        if state != "loaded":
            log.warning("index %s", state)
        assert index.encoder is not None
        assistant = cls(document, index.encoder, index, settings, state, facts=facts)
        log.info("loaded %r in %.2f s", document.meta.title, time.perf_counter() - started)
        return assistant

    def ask(self, question: str, conversation: Conversation | None = None, *, k: int | None = None) -> Answer:
        """Answer one question, resolving it against ``conversation`` (which it then extends) if given."""
        text, notes = clean_question(question, max_chars=self.settings.answer.max_question_chars)
        if not any(ch.isalnum() for ch in text):
            return Answer(question=question, text="Please type a question about the paper, for example "
                          f"\"{self.starters[0].text}\".", abstained=True, kind="prompt", notes=notes)
        conversation = conversation if conversation is not None else Conversation()
        about = answer_metadata(text, self.document.meta, in_conversation=conversation.last is not None)
        if about is not None:  # the paper as a publication: no topic for a follow-up to carry on, but the authors
            if about.items:    # it lists are items a later turn may point at ("what is the second one good at?")
                conversation.add(text, text, about.items, topic=Topic(words=about.items))
            return dataclasses.replace(about, notes=about.notes + notes)
        text, typos = self.index.lexical.lexicon.correct(text)
        text, ranges = expand_year_ranges(text, self.composer.lexicon.years)
        if typos or ranges:
            notes += ("Read " + ", ".join(f"{typed!r} as {fixed!r}" for typed, fixed in typos + ranges) + ".",)
        item = pointed_section(text, conversation)  # "tell me more about the third one": that item's section
        previous = conversation.last.question if conversation.last is not None else ""
        resolution = resolve(name_authors(text, self.document.meta.authors, previous), conversation, self.slots,
                             self.index.lexical.lexicon)
        intent, resolved = resolution.intent, resolution.text
        followed = conversation.last is not None and (resolved != text or refers_back(text, conversation))
        anchors = conversation.last.paragraphs if followed else ()  # type: ignore[union-attr]
        if resolution.works:  # "their paper": the entries of the people the last answer named, not its passage
            anchors = tuple(sorted({self.document.sentences[i].paragraph for i in resolution.works}))
        quoted = conversation.last.sentences if followed else ()  # type: ignore[union-attr]
        with self._lock:  # the model (and torch's thread setting) serve one question at a time
            from .route import answer_computation, stated_sentences

            answer = None if item is None else self.composer.item_passage(question, intent, item)
            if answer is None:
                answer = answer_computation(question, resolved, self.facts, self.document)
            if answer is None:  # a ratio or difference of two figures the best passages print
                answer = self.composer.compute_from_passages(question, intent, k=k or self.settings.retrieval.k)
            if answer is None:  # not a computation: quote the paper, pointed at any sentence stating the figure
                stated = (frozenset() if intent.wh in ("how", "why", "define")  # no figure asked
                          else stated_sentences(resolved, self.facts, self.document))
                answer = self.composer.compose(question, intent, k=k or self.settings.retrieval.k, anchors=anchors,
                                               quoted=quoted, stated=stated)
        answer = self._with_data_checks(answer)
        cited = self.composer.sentences_of(answer)
        topic = Topic.of(intent, resolution.words, self.document, cited, self.slots.names)
        if topic.wh == "who" and topic.entities:
            topic = dataclasses.replace(topic, works=self.composer.works_by(topic.entities))
        conversation.add(text, resolved, answer.items, self.composer.paragraphs_holding(cited), answer.item_sections,
                         answered=not answer.abstained, sentences=cited, topic=topic)
        return dataclasses.replace(answer, notes=answer.notes + notes) if notes else answer

    def _with_data_checks(self, answer: Answer) -> Answer:
        """A quoted sentence whose figure the checks flag gets the reading the calculator uses, right in the answer."""
        if answer.computation is not None or not answer.citations:
            return answer
        seen: dict[str, str] = {}
        for citation in answer.citations:
            for note in self._reading_notes(citation.start, citation.end):
                printed = note.split(";")[0]
                seen.setdefault(printed, f"Data check {citation_mark(citation.n)}: {note}")
        if not seen:
            return answer
        return dataclasses.replace(answer, text=answer.text + "\n" + "\n".join(seen.values()))

    def _reading_notes(self, start: int, end: int) -> tuple[str, ...]:
        """:func:`~assistant.facts.reading_notes` of one span, kept: the facts and their checks never change once
        loaded, and the same sentences are quoted again and again."""
        key = (start, end)
        notes = self._notes.get(key)
        if notes is None:
            from .facts import reading_notes

            notes = self._notes[key] = tuple(reading_notes(self.facts, start, end))
        return notes

    def search(self, query: str, *, k: int | None = None, mode: Mode = "hybrid") -> list[Hit]:
        """Passages only, no answer."""
        text, _ = clean_question(query, max_chars=self.settings.answer.max_question_chars)
        if not text:
            return []
        with self._lock:
            return self.retriever.search(text, k=k, mode=mode)
