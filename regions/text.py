"""Text folding shared by every app's search.

Search must ignore case and accents identically on SQLite and PostgreSQL. Rather than rely on an engine
feature (PostgreSQL's `unaccent`, which SQLite lacks), each searchable model stores a folded copy of its
searchable text in `search_text`, and queries are folded the same way before a plain `contains`.
"""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case `text`, strip accents and ligatures, and reduce punctuation to single spaces.

    >>> fold("Université Paris-Saclay — Œuvre")
    'universite paris saclay oeuvre'
    """
    text = (text or "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", text.lower()).strip()


def fold_many(*parts: str) -> str:
    """Fold and join several values into one searchable line."""
    return " ".join(filter(None, (fold(part) for part in parts)))
