"""The parent/child hierarchy of structures never holds a loop: the one rule, for every path.

A team's parent is its unit, a unit's parent may be a federation; a link that would lead back to the
structure itself (A under B under A) is refused. `Lab.clean` asks it with the database's links (the admin
and every `full_clean`), the RNSR import with the database's links overlaid by the file's (`labs.rnsr.lineage`).
"""

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def loop_through(child: K, parent: K | None, parent_of: Callable[[K], K | None]) -> list[K]:
    """The chain `parent`, its parent, … back to `child` when making `parent` the parent of `child` would
    close a loop; empty when it would not.

    `parent_of` gives a structure's current parent (None at the top). A loop that already exists higher up,
    not through `child`, ends the walk rather than spinning in it.
    """
    chain: list[K] = []
    seen: set[K] = set()
    current = parent
    while current is not None and current not in seen:
        chain.append(current)
        if current == child:
            return chain
        seen.add(current)
        current = parent_of(current)
    return []
