"""The paper as a reference to copy: APA 7 and BibTeX from its :class:`~assistant.types.PaperMeta`, with a DOI link."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from .types import PaperMeta

CITATION_STYLES = ("APA", "BibTeX")
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def doi_url(meta: PaperMeta) -> str:
    """``https://doi.org/<doi>`` when the DOI is known, else ""."""
    doi = meta.doi.strip().removeprefix("https://doi.org/").removeprefix("doi:").strip()
    return f"https://doi.org/{quote(doi, safe='/:;._-')}" if doi else ""


def _family_given(name: str) -> tuple[str, tuple[str, ...]]:
    """``"Xia Zhou" -> ("Zhou", ("Xia",))``; ``"Zhou, Xia"`` is read the same way."""
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), tuple(given.split())
    words = name.split()
    return (words[-1], tuple(words[:-1])) if words else ("", ())


def _apa_author(name: str) -> str:
    family, given = _family_given(name)
    initials = " ".join("-".join(f"{part[0]}." for part in g.split("-") if part) for g in given)
    return f"{family}, {initials}" if initials else family


def _apa_authors(authors: tuple[str, ...]) -> str:
    names = [_apa_author(a) for a in authors if a.strip()]
    if len(names) <= 1:
        return "".join(names)
    if len(names) > 20:  # APA 7: the first nineteen, an ellipsis, the last
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def apa_reference(meta: PaperMeta) -> str:
    """APA 7: ``Zhou, X., & Wang, W. (2019). Title. Venue, 10(4), 92–98. https://doi.org/...``."""
    authors = _apa_authors(meta.authors)
    parts = [f"{authors} ({meta.year})." if authors else f"({meta.year}).", _sentence(meta.title)]
    if meta.venue:
        venue = meta.venue + (f", {meta.volume}" if meta.volume is not None else "")
        venue += f"({meta.issue})" if meta.issue is not None else ""
        if meta.last_page and meta.last_page != meta.first_page:
            venue += f", {meta.first_page}–{meta.last_page}"
        elif meta.first_page:
            venue += f", {meta.first_page}"
        parts.append(_sentence(venue))
    if url := doi_url(meta):
        parts.append(url)
    return " ".join(p for p in parts if p)


def _bibtex_value(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def bibtex_key(meta: PaperMeta) -> str:
    """``zhou2019research``: the first author's family name, the year and the title's first long word, in ASCII."""
    def ascii_word(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())

    family = ascii_word(_family_given(meta.authors[0])[0]) if meta.authors else "anonymous"
    words = [ascii_word(w) for w in meta.title.split()]
    word = next((w for w in words if len(w) > 3), words[0] if words else "")
    return f"{family or 'anonymous'}{meta.year}{word}"


def bibtex_entry(meta: PaperMeta) -> str:
    """An ``@article`` entry with the DOI and its link."""
    authors = " and ".join(", ".join(filter(None, (f, " ".join(g)))) for f, g in map(_family_given, meta.authors))
    fields = [("author", _bibtex_value(authors)), ("title", "{" + _bibtex_value(meta.title) + "}"),
              ("journal", _bibtex_value(meta.venue)), ("year", str(meta.year))]
    if meta.volume is not None:
        fields.append(("volume", str(meta.volume)))
    if meta.issue is not None:
        fields.append(("number", str(meta.issue)))
    if meta.last_page and meta.last_page != meta.first_page:
        fields.append(("pages", f"{meta.first_page}--{meta.last_page}"))
    if meta.doi:
        fields += [("doi", meta.doi.strip()), ("url", doi_url(meta))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{bibtex_key(meta)},\n{body}\n}}"


def format_reference(meta: PaperMeta, style: str) -> str:
    """The paper in one of :data:`CITATION_STYLES`."""
    if style == "APA":
        return apa_reference(meta)
    if style == "BibTeX":
        return bibtex_entry(meta)
    raise ValueError(f"Unknown citation style {style!r}; use one of {', '.join(CITATION_STYLES)}.")
