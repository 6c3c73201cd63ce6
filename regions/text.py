"""Text folding shared by every app's search.

Search must ignore case and accents identically on SQLite and PostgreSQL. Rather than rely on an engine
feature (PostgreSQL's `unaccent`, which SQLite lacks), each searchable model stores a folded copy of its
searchable text in `search_text`, and queries are folded the same way before a plain `contains`.
"""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")


class _Unaccented(dict):
    """`str.translate` table: each character's compatibility decomposition without its combining marks
    ("é" → "e", "ﬁ" → "fi"), worked out the first time the character is met. Decomposing character by
    character gives what decomposing the whole text gives, once the marks are dropped."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        value = self[code] = "".join(char for char in decomposed if not unicodedata.combining(char))
        return value


_UNACCENTED = _Unaccented()


def fold(text: str) -> str:
    """Lower-case `text`, strip accents and ligatures, and reduce punctuation to single spaces.

    >>> fold("Université Paris-Saclay — Œuvre")
    'universite paris saclay oeuvre'
    """
    text = (text or "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    if not text.isascii():
        text = text.translate(_UNACCENTED)
    return _NOT_WORD.sub(" ", text.lower()).strip()


def fold_many(*parts: str) -> str:
    """Fold and join several values into one searchable line."""
    return " ".join(filter(None, (fold(part) for part in parts)))
