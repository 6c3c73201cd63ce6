"""Clean-ups of the RNSR's free text that are safe to make automatically.

Only city names and first names are put into readable case: they contain no acronyms, so "GRENOBLE"
→ "Grenoble" and "JEAN-PIERRE" → "Jean-Pierre" lose nothing. Structure names in capitals ("INSTITUT
NEEL CNRS UGA") are kept as given: turning them into readable case would mangle acronyms and proper
names, and accents the file lacks cannot be restored. Surnames stay in capitals, the French convention.
"""

import re

from regions.text import fold

_CEDEX = re.compile(r"\s*\bcedex\b(\s*\d+)?", re.IGNORECASE)
_COUNTRY = re.compile(r"[\s,\-]*\bfrance\s*$", re.IGNORECASE)
_POST_BOX = re.compile(r"^\s*(cs|bp)\s*\d+\s*", re.IGNORECASE)
# Words that stay in lower case inside a French place name (not at its start).
_PARTICLES = {"de", "du", "des", "la", "le", "les", "en", "sur", "sous", "lès", "lez", "et", "aux", "au"}
_WORD = re.compile(r"([ \-]+)")


def strip_cedex(city: str) -> str:
    """'MARSEILLE CEDEX 03' → 'MARSEILLE'; the CEDEX is a mail-sorting code, not part of the city.

    'GRENOBLE CEDEX 9 - ST MARTIN D HERES' names the sorting office, then the town: the town is kept.
    A post box ('CS 40700 …') or a trailing country goes too.
    """
    city = _POST_BOX.sub("", _COUNTRY.sub("", city or ""))
    before, separator, after = city.partition(" - ")
    if separator and _CEDEX.search(before) and after.strip():
        city = after
    return _CEDEX.sub("", city).strip(" -,")


def is_shouting(text: str) -> bool:
    """True when `text` has letters and all of them are capitals."""
    return any(char.isalpha() for char in text) and text.isupper()


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def readable_place(text: str) -> str:
    """'GIF-SUR-YVETTE' → 'Gif-sur-Yvette', "VILLENEUVE D'ASCQ" → "Villeneuve d'Ascq"; other text as is."""
    if not is_shouting(text):
        return text
    parts = _WORD.split(text.lower())
    result = []
    for index, part in enumerate(parts):
        if not part or _WORD.fullmatch(part):
            result.append(part)
        elif index > 0 and part in _PARTICLES:
            result.append(part)
        elif len(part) > 2 and part[1] == "'" and part[0] in "dl":
            result.append((part[0].upper() if index == 0 else part[0]) + "'" + _capitalize(part[2:]))
        else:
            result.append(_capitalize(part))
    return "".join(result)


def readable_first_name(text: str) -> str:
    """'GAEL' → 'Gael', 'JEAN-PIERRE' → 'Jean-Pierre'; names not in capitals as given."""
    if not is_shouting(text):
        return text
    return "".join(part if _WORD.fullmatch(part) else _capitalize(part) for part in _WORD.split(text.lower()))


def keep_readable(current: str, incoming: str) -> str:
    """The current value when the file only repeats it in capitals (a staff member fixed the case)."""
    if (
        current
        and incoming
        and current != incoming
        and is_shouting(incoming)
        and fold(current) == fold(incoming)
    ):
        return current
    return incoming
