import pytest

from assistant.evaluate import evaluate_retrieval, load_questions
from assistant.lexical import analyze, normalize_number
from assistant.retrieve import fuse_ranks


def test_fuse_ranks_orders_by_reciprocal_rank_sum():
    fused = fuse_ranks([[1, 2, 3], [3, 1]], k=1)
    assert [doc for doc, _ in fused] == [1, 3, 2]
    assert fused[0][1] == pytest.approx(1 / 2 + 1 / 3)
    assert fused[1][1] == pytest.approx(1 / 4 + 1 / 2)


def test_fuse_ranks_weights_and_ties():
    assert [d for d, _ in fuse_ranks([[1], [2]], k=60)] == [1, 2]  # tie keeps first-seen order
    assert [d for d, _ in fuse_ranks([[1], [2]], k=60, weights=[1.0, 2.0])] == [2, 1]


def test_numbers_are_normalized_for_exact_matching():
    assert normalize_number("7,697") == "7697"
    assert normalize_number("16.70%") == "16.7"
    assert normalize_number("25,53.71") == "2553.71"
    assert "7697" in analyze("reached 7,697, an increase") and "biopharmaceut" in analyze("bio-pharmaceutical")


@pytest.mark.parametrize("query, page, section", [
    ("7,697", 93, "IV"), ("Tongrentang", 96, "V.B.4"), ("351.97 billion", 94, "IV"), ("QuintilesIMS", 95, "V.A.1"),
])
def test_exact_figures_and_rare_names_rank_first(assistant, query, page, section):
    for mode in ("bm25", "hybrid"):
        top = assistant.search(query, k=1, mode=mode)[0]
        assert (top.chunk.section, page in top.chunk.pages) == (section, True)


def test_hits_carry_citation_data(assistant, document):
    hits = assistant.search("Which region has the most transnational bio-pharma firms?", k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(h.score >= hits[-1].score for h in hits)
    for hit in hits:
        assert document.text[hit.chunk.start:hit.chunk.end] == hit.chunk.text
        assert hit.dense_score is not None and hit.lexical_score is not None
    assert any("Yangtze River Delta" in h.chunk.text for h in hits[:3])


def test_hybrid_recall_at_3_on_the_team_question_set(assistant):
    report = evaluate_retrieval(assistant, load_questions())
    assert report["hybrid"]["n"] >= 30
    assert report["hybrid"]["recall@3"] >= 0.95
    assert report["hybrid"]["mrr"] >= report["dense"]["mrr"]


def test_one_letter_typos_are_tolerated_for_long_words():
    from assistant.lexical import near_miss

    vocabulary = frozenset({"manuscrript", "enterpris", "cost"})
    assert near_miss("manuscript", vocabulary) == "manuscrript"
    assert near_miss("enterpriz", vocabulary) == "enterpris"
    assert near_miss("costs", vocabulary) is None  # too short to guess
    assert near_miss("manuskript", vocabulary) is None  # two edits away


def test_near_miss_finds_the_first_sorted_candidate_like_a_full_scan(assistant):
    from assistant.lexical import _one_edit, near_miss

    vocabulary = assistant.composer.lexicon.vocabulary

    def full_scan(term):
        if len(term) < 6 or term in vocabulary or term[0].isdigit():
            return None
        return next((c for c in sorted(vocabulary) if abs(len(c) - len(term)) <= 1 and c[0] == term[0]
                     and _one_edit(term, c)), None)

    probes = [t[:i] + t[i + 1:] for t in sorted(vocabulary)[::7] for i in (1, len(t) // 2)]
    probes += [t + "s" for t in sorted(vocabulary)[::11]] + ["manuscript", "enterpriz", "biopharmaceutial"]
    assert sum(near_miss(p, vocabulary) is not None for p in probes) > 20
    assert [near_miss(p, vocabulary) for p in probes] == [full_scan(p) for p in probes]


def test_analysis_is_kept_per_text_but_callers_get_their_own_list():
    first = analyze("How many biomedical enterprises were there in 2017?")
    first.append("changed")
    assert analyze("How many biomedical enterprises were there in 2017?") == ["biomed", "enterpr", "2017"]


def test_an_expansion_weighs_as_one_word_of_the_question(pdf_paper):
    """"HAC" spelled out adds five terms; together they count as the one word the user typed, so the rest of the
    question ("kernel", "default") still chooses the passage."""
    gmm = pdf_paper("gmm")
    lexical = gmm.retriever.index.lexical
    question = "Which kernel does gmm use by default for the HAC weighting matrix?"
    weights = lexical.term_weights(question)
    assert weights["kernel"] == weights["hac"] == weights["default"] == 1.0
    spelled = {t: w for t, w in weights.items() if w < 1.0}
    assert {"heteroskedast", "autocorrel"} <= set(spelled)
    assert sum(spelled.values()) <= 2.0  # "HAC" and "GMM" spelled out, each worth one word
    answer = next(i for i, c in enumerate(gmm.retriever.chunks) if "the Quadratic Spectral kernel is used" in c.text)

    def rank(scores) -> int:
        return int((scores > scores[answer]).sum())

    flat = lexical._bm25.get_scores(list(weights))  # every term of the expansions counted as a word of its own
    assert rank(lexical.scores(question)) < 8 <= rank(flat)  # (the composer reads the best 8 passages)


def test_a_name_glued_to_digits_is_a_term_as_a_whole(pdf_paper):
    """"t3 errors" names the tables of t3 errors: the whole name is a term, beside the number BM25 also sees."""
    assert analyze("iid t3 Error") == ["iid", "3", "error", "t3"]
    assert "t3" not in analyze("x 3.5 t 3") and analyze("H0") == ["0", "h0"]
    crq = pdf_paper("crq")
    hits = crq.retriever.search("tables for the t3 error distribution", k=3, mode="bm25")
    assert any("t3" in crq.document.text[h.chunk.start:h.chunk.end] for h in hits)


def test_a_name_with_a_capital_letter_after_it_is_a_term_as_a_whole():
    """"Portnoy Q" and "Portnoy L" are two estimators: the letter tells them apart, so the name with it is a term."""
    assert analyze("Portnoy Q") == ["portnoy", "q_portnoy"] and analyze("Peng-Huang L")[-1] == "l_penghuang"
    assert analyze("See J. Smith") == ["see", "smith"]  # an initial is no such letter
    assert "q_portnoy" not in analyze("Portnoy Quadratic")


def test_a_sentence_is_also_read_in_its_context(pdf_paper):
    """crq's "For this exercise we take T as standard lognormal, and C as exponential with rate parameter 0.25." leaves
    what the exercise is to its section and the sentence before it (a simulation of estimators of the median): read
    in that context it comes much closer to a question that names the simulation. The context vectors line up with
    the sentences, one each, as the query model embeds :func:`context_texts`."""
    import numpy as np

    from assistant.index import context_texts
    from assistant.retrieve import _all_scores

    crq = pdf_paper("crq")
    retriever, document = crq.retriever, crq.document
    assert retriever.index.contexts.ntotal == len(document.sentences)
    stored = retriever.index.contexts.reconstruct_n(0, 5)
    assert np.all(np.sum(retriever.embedder.encode(context_texts(document)[:5]) * stored, axis=1) > 0.9999)
    target = next(s.index for s in document.sentences if s.text.startswith("For this exercise we take T as standard"))
    vector = retriever.encode("What distribution do the censoring times follow in the median simulation?")
    own, read = _all_scores(retriever.index.sentences, vector), retriever.sentence_scores(vector)
    assert int((read > read[target]).sum()) < 0.6 * int((own > own[target]).sum())
