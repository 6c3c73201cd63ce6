"""Search suggestions ("did you mean…?"): the spellings closest to a search's words in the directory's
own vocabulary.

The vocabulary is the words of the labs' names, their acronyms and cities, and the partners' names (whole
and word by word) and acronyms, folded as the search folds them (`regions.text.fold`). It is read in two
queries and kept in the shared cache under the version of the public data (`regions.freshness`), so the
first search after a write rebuilds it. Closeness is difflib's ratio, in Python: the same suggestions on
SQLite and PostgreSQL, without an engine's trigram extension.
"""

import difflib
import re
from dataclasses import dataclass

from regions.filters import search_words
from regions.freshness import kept_while_unchanged
from regions.text import fold

from .models import Lab, Partner

# A search listing fewer labs than this gets suggestions.
FEW_RESULTS = 3
MAX_SUGGESTIONS = 3
# difflib's ratio a term must reach: "meudno" → "meudon" is 0.83, "meudon" → "melun" 0.73.
CUTOFF = 0.75
# Shorter terms ("de", "la", "ip") are close to too many others to suggest anything useful.
MIN_TERM_LENGTH = 3
VOCABULARY_KEY = "lab-search-vocabulary"
VOCABULARY_SECONDS = 24 * 3600

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Suggestion:
    """A search to offer: `query`, the visitor's search with one term replaced by `term`."""

    term: str
    query: str


def _vocabulary_from_database() -> dict[str, str]:
    """Folded term → the spelling to show: a city's, an acronym's or a partner's name as written, rather
    than the same word met in a lab's name ("Meudon", not "meudon")."""
    vocabulary: dict[str, str] = {}
    words: dict[str, str] = {}

    def add(term: str, into: dict[str, str]) -> None:
        term = term.strip()
        folded = fold(term)
        if len(folded) >= MIN_TERM_LENGTH and folded not in into:
            into[folded] = term

    for name, acronym, city in Lab.objects.values_list("name", "acronym", "city").iterator(chunk_size=2000):
        for word in _WORD.findall(name):
            add(word.lower(), words)
        add(acronym, vocabulary)
        add(city, vocabulary)
    for name, acronym in Partner.objects.values_list("name", "acronym").iterator(chunk_size=2000):
        add(name, vocabulary)
        add(acronym, vocabulary)
        for word in _WORD.findall(name):
            add(word.lower(), words)
    return {**words, **vocabulary}


def search_vocabulary() -> dict[str, str]:
    """The directory's vocabulary, from the shared cache while the public data is unchanged."""
    return kept_while_unchanged(
        VOCABULARY_KEY, _vocabulary_from_database, seconds=VOCABULARY_SECONDS, what="The search vocabulary"
    )


def search_suggestions(*, query: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Up to `limit` searches close to `query`: the whole query, or one of its unknown words, replaced by
    the closest terms of the vocabulary, closest first."""
    words = search_words(query)
    if not words:
        return []
    vocabulary = search_vocabulary()
    terms = list(vocabulary)
    scored: list[tuple[float, str, list[str]]] = []
    whole = " ".join(words)
    if len(words) > 1 and whole not in vocabulary:
        # A query of several words is compared whole with the names of several words only: "astrophysique
        # meudno" is close to the word "astrophysique", but that drops a word rather than correcting one.
        phrases = [term for term in terms if " " in term]
        for match in difflib.get_close_matches(whole, phrases, n=limit, cutoff=CUTOFF):
            scored.append((difflib.SequenceMatcher(None, whole, match).ratio(), match, [vocabulary[match]]))
    for index, word in enumerate(words):
        if word in vocabulary:
            continue
        for match in difflib.get_close_matches(word, terms, n=limit, cutoff=CUTOFF):
            replaced = [*words[:index], vocabulary[match], *words[index + 1 :]]
            scored.append((difflib.SequenceMatcher(None, word, match).ratio(), match, replaced))
    scored.sort(key=lambda found: -found[0])
    suggestions: list[Suggestion] = []
    for _score, match, replaced in scored:
        suggestion = Suggestion(term=vocabulary[match], query=" ".join(replaced))
        if suggestion not in suggestions and fold(suggestion.query) != whole:
            suggestions.append(suggestion)
    return suggestions[:limit]
