"""APA and BibTeX of a paper's metadata: the shipped paper, and small hand-made cases."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.cite import apa_reference, bibtex_entry, bibtex_key, doi_url, format_reference
from assistant.config import Settings
from assistant.ingest import load_metadata
from assistant.types import PaperMeta

META = PaperMeta(title="A Study of Things", authors=("Ann B. Smith", "Carl Jones", "Dana Lee-Wu"), venue="J. Tests",
                 year=2020, doi="10.1000/xyz_1", volume=3, issue=2, first_page=10, last_page=20)


@pytest.fixture(scope="module")
def shipped() -> PaperMeta:
    return load_metadata(Settings().corpus_dir)[0]


def test_the_shipped_paper_in_apa_and_bibtex_links_its_doi(shipped: PaperMeta) -> None:
    assert shipped.doi
    link = f"https://doi.org/{shipped.doi}"
    apa, bibtex = apa_reference(shipped), bibtex_entry(shipped)
    assert apa.endswith(link) and f"url = {{{link}}}" in bibtex and f"doi = {{{shipped.doi}}}" in bibtex
    assert f"({shipped.year})." in apa and shipped.title in apa and shipped.venue in apa
    for author in shipped.authors:
        family, given = author.split()[-1], author.split()[0]
        assert f"{family}, {given[0]}." in apa and f"{family}, {given}" in bibtex
    assert bibtex.startswith("@article{") and bibtex.rstrip().endswith("}")
    assert f"pages = {{{shipped.first_page}--{shipped.last_page}}}" in bibtex
    assert format_reference(shipped, "APA") == apa and format_reference(shipped, "BibTeX") == bibtex


def test_apa_authors_initials_and_pages() -> None:
    assert apa_reference(META) == ("Smith, A. B., Jones, C., & Lee-Wu, D. (2020). A Study of Things. J. Tests, 3(2), "
                                   "10–20. https://doi.org/10.1000/xyz_1")
    one = dataclasses.replace(META, authors=("Ann Smith",), doi="", volume=None, issue=None, last_page=None)
    assert apa_reference(one) == "Smith, A. (2020). A Study of Things. J. Tests, 10."


def test_bibtex_escapes_and_keys() -> None:
    meta = dataclasses.replace(META, title="R&D at 50% {fast}", authors=("Émile Zola",))
    entry = bibtex_entry(meta)
    assert r"title = {{R\&D at 50\% \{fast\}}}" in entry and "author = {Zola, Émile}" in entry
    assert bibtex_key(meta) == "zola2020fast" and bibtex_key(META) == "smith2020study"
    assert "doi" not in bibtex_entry(dataclasses.replace(META, doi=""))


def test_doi_url_and_unknown_style() -> None:
    assert doi_url(META) == "https://doi.org/10.1000/xyz_1"
    assert doi_url(dataclasses.replace(META, doi="doi:10.1/a b")) == "https://doi.org/10.1/a%20b"
    assert doi_url(dataclasses.replace(META, doi="")) == ""
    with pytest.raises(ValueError, match="'MLA'"):
        format_reference(META, "MLA")
