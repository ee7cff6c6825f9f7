"""Character repair for text taken from PDFs: ligatures, TeX font encodings without a Unicode map, accents, hyphens.

A font without a ToUnicode map hands out its raw character codes. TeX's T1 (Cork) and OT1 encodings put ligatures,
quotes, dashes and accents in the control slots 0x00-0x1F, so those codes come out as control characters. The tables
below follow the encoding definitions (``t1enc.def`` / ``ot1enc.def`` of LaTeX's base distribution), not any paper.
"""

from __future__ import annotations

import re
import unicodedata

# T1 (Cork) encoding, slots 0x00-0x1F and the two visible-space / hyphen oddities (t1enc.def).
T1_CONTROLS: dict[int, str] = {
    0x00: "`", 0x01: "´", 0x02: "ˆ", 0x03: "˜", 0x04: "¨", 0x05: "˝", 0x06: "˚", 0x07: "ˇ", 0x08: "˘", 0x09: "¯",
    0x0A: "˙", 0x0B: "¸", 0x0C: "˛", 0x0D: "‚", 0x0E: "‹", 0x0F: "›", 0x10: "“", 0x11: "”", 0x12: "„", 0x13: "«",
    0x14: "»", 0x15: "–", 0x16: "—", 0x17: "", 0x18: "0", 0x19: "ı", 0x1A: "ȷ", 0x1B: "ff", 0x1C: "fi", 0x1D: "fl",
    0x1E: "ffi", 0x1F: "ffl", 0x7F: "-",
}
# OT1 encoding (ot1enc.def): Greek capitals in 0x00-0x0A, ligatures in 0x0B-0x0F, accents above.
OT1_CONTROLS: dict[int, str] = {
    0x00: "Γ", 0x01: "Δ", 0x02: "Θ", 0x03: "Λ", 0x04: "Ξ", 0x05: "Π", 0x06: "Σ", 0x07: "Υ", 0x08: "Φ", 0x09: "Ψ",
    0x0A: "Ω", 0x0B: "ff", 0x0C: "fi", 0x0D: "fl", 0x0E: "ffi", 0x0F: "ffl", 0x10: "ı", 0x11: "ȷ", 0x12: "`",
    0x13: "´", 0x14: "ˇ", 0x15: "˘", 0x16: "¯", 0x17: "˚", 0x18: "¸", 0x19: "ß", 0x1A: "æ", 0x1B: "œ", 0x1C: "ø",
    0x1D: "Æ", 0x1E: "Œ", 0x1F: "Ø",
}
LIGATURES: dict[str, str] = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
# Spacing accents that TeX places over a letter as a separate glyph -> the combining mark.
ACCENTS: dict[str, str] = {
    "`": "\u0300", "´": "\u0301", "ˆ": "\u0302", "^": "\u0302", "˜": "\u0303", "~": "\u0303", "¯": "\u0304",
    "˘": "\u0306", "˙": "\u0307", "¨": "\u0308", "˚": "\u030a", "˝": "\u030b", "ˇ": "\u030c", "¸": "\u0327",
    "˛": "\u0328",
}
OTHER: dict[str, str] = {"\u00ad": "", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": ""}


def choose_control_table(codes: list[int]) -> dict[int, str]:
    """Pick T1 or OT1 for a document's control characters found between letters (``codes``).

    T1 keeps ligatures and quotes in 0x10-0x1F; OT1 keeps ligatures in 0x0B-0x0F. Whichever range holds more of the
    in-word codes wins; T1 when in doubt (it is what modern LaTeX uses with ``fontenc``).
    """
    t1 = sum(1 for c in codes if 0x10 <= c <= 0x1F)
    ot1 = sum(1 for c in codes if 0x0B <= c <= 0x0F)
    return OT1_CONTROLS if ot1 > t1 else T1_CONTROLS


def repair_char(ch: str, table: dict[int, str]) -> str:
    """One extracted character -> its text (possibly several letters, possibly none)."""
    code = ord(ch)
    if code < 0x20 or code == 0x7F:
        return table.get(code, "")
    if ch in LIGATURES:
        return LIGATURES[ch]
    if ch in OTHER:
        return OTHER[ch]
    if 0xE000 <= code <= 0xF8FF or 0x80 <= code <= 0x9F or ch == "\ufffd":
        return ""  # private-use glyphs (big brackets), C1 controls: no text
    return ch


def is_c1(ch: str) -> bool:
    """A C1 control character: what an unmapped bullet glyph often comes out as."""
    return 0x80 <= ord(ch) <= 0x9F


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def join_hyphenated(left: str, right: str, vocabulary: set[str], hyphenated: set[str]) -> bool:
    """Whether ``left-`` at a line end and ``right`` at the next line's start form one word (drop the hyphen).

    Joined when the joined word occurs elsewhere in the document unhyphenated; kept when the hyphenated form does;
    otherwise joined when the continuation is lowercase and the two parts are not both words of the document.
    """
    if not left or not right or not left[-1].isalpha() or not right[0].isalpha():
        return False
    joined = (left + right).lower()
    if joined in vocabulary:
        return True
    if f"{left}-{right}".lower() in hyphenated:
        return False
    if not right[0].islower():
        return False
    return not (left.lower() in vocabulary and right.lower() in vocabulary and len(left) > 2 and len(right) > 2)
