from __future__ import annotations

import factory

from dreams.models import Dream, Symbol


class SymbolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Symbol

    name = factory.Sequence(lambda n: f"Motif {n}")
    aliases = ""
    category = Symbol.Category.OBJECT
    text = "A motif that may mean whatever the dreamer finds in it."


class DreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dream

    title = "A dream"
    text = "I was walking by the ocean at night."
    session_key = factory.Sequence(lambda n: f"session-{n}")
