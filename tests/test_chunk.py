from assistant.chunk import chunk_document, embedding_text
from assistant.config import ChunkSettings


def test_chunks_follow_structure_and_fit_the_model(document, embedder):
    chunks = chunk_document(document, embedder.count_tokens, ChunkSettings())
    assert len({c.id for c in chunks}) == len(chunks)
    for chunk in chunks:
        assert document.text[chunk.start:chunk.end] == chunk.text
        assert {document.sentences[i].section for i in chunk.sentences} == {chunk.section}
        assert embedder.count_tokens(embedding_text(chunk)) == chunk.n_tokens
        assert chunk.n_tokens <= embedder.max_tokens  # all-MiniLM-L6-v2 truncates at 256 word pieces
    covered = sorted(i for c in chunks for i in c.sentences)
    assert covered == list(range(len(document.sentences)))  # every sentence in exactly one chunk


def test_chunk_ids_are_stable(document, embedder):
    first = [c.id for c in chunk_document(document, embedder.count_tokens)]
    assert first == [c.id for c in chunk_document(document, embedder.count_tokens)]


def test_smaller_budget_gives_smaller_chunks(document, embedder):
    small = chunk_document(document, embedder.count_tokens, ChunkSettings(max_tokens=64))
    assert len(small) > len(chunk_document(document, embedder.count_tokens))
    assert all(c.n_tokens <= 64 or len(c.sentences) == 1 for c in small)
