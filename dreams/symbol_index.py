"""The symbol dictionary's retrieval index, built from the Symbol table and kept in memory.

The index is rebuilt when the table changes. Rather than trusting signals (which a rolled-back
transaction, a bulk update or another process never sends) every use compares a fingerprint
of the table, one cheap aggregate query, with the one the index was built from.
"""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from dreams.models import Symbol
from dreams.retrieval import Entry, SymbolIndex

_lock = threading.Lock()
_cached: tuple[tuple, SymbolIndex] | None = None


def _fingerprint() -> tuple:
    stats = Symbol.objects.aggregate(count=Count("id"), last_id=Max("id"),
                                     changed=Max("updated_at"))
    return (stats["count"], stats["last_id"], stats["changed"])


def symbol_index() -> SymbolIndex:
    """The current index of the dictionary."""
    global _cached
    fingerprint = _fingerprint()
    cached = _cached
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == fingerprint:
            return _cached[1]
        entries = [Entry(id=row.pk, name=row.name, aliases=tuple(row.alias_list),
                         text=row.text, category=row.category)
                   for row in Symbol.objects.only("id", "name", "aliases", "text", "category")]
        _cached = (fingerprint, SymbolIndex(entries))
        return _cached[1]
