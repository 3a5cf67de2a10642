"""Under ASGI the middleware chain runs in one thread, not a thread hop per middleware."""

import logging

from django.core.handlers.asgi import ASGIHandler


def test_only_the_innermost_middleware_adapts_the_async_core(settings, caplog):
    settings.DEBUG = True  # Django logs each adaptation only then
    with caplog.at_level(logging.DEBUG, logger="django.request"):
        ASGIHandler()
    adapted = [record.getMessage() for record in caplog.records
               if "adapted for middleware" in record.getMessage()]
    # One adaptation, at the core: every middleware outside it runs synchronously, in the one
    # thread Django hands the request to. Without it WhiteNoise (sync only) was adapted, and
    # every async-capable middleware inside it sent its hooks to a thread and back.
    assert adapted == [
        "Asynchronous handler adapted for middleware core.middleware.SyncChainMiddleware."]
    assert settings.MIDDLEWARE[-1] == "core.middleware.SyncChainMiddleware"
