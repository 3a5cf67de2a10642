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
_cached: dict[str, tuple[tuple, SymbolIndex]] = {}


def _fingerprint() -> tuple:
    stats = Symbol.objects.aggregate(count=Count("id"), last_id=Max("id"),
                                     changed=Max("updated_at"))
    return (stats["count"], stats["last_id"], stats["changed"])


def symbol_index(language: str = "en") -> SymbolIndex:
    """The current index of the dictionary in `language` ("en", or "ko": the Korean entries)."""
    language = "ko" if language == "ko" else "en"
    fingerprint = _fingerprint()
    cached = _cached.get(language)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    with _lock:
        cached = _cached.get(language)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        rows = Symbol.objects.only("id", "name", "aliases", "text", "category", "name_ko",
                                   "aliases_ko", "text_ko")
        if language == "ko":
            entries = [Entry(id=row.pk, name=row.name_ko, aliases=tuple(row.alias_list_ko),
                             text=row.text_ko, category=row.category)
                       for row in rows if row.name_ko]
        else:
            entries = [Entry(id=row.pk, name=row.name, aliases=tuple(row.alias_list),
                             text=row.text, category=row.category) for row in rows]
        _cached[language] = (fingerprint, SymbolIndex(entries, language=language))
        return _cached[language][1]
