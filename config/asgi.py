"""ASGI entry point: Django for HTTP, Channels for the /ws/jobs/ socket."""

from __future__ import annotations

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from core.asgi_limits import BodyLimitMiddleware  # noqa: E402
from core.backends import backends_warm_up  # noqa: E402
from core.consumers import socket_auth_stack  # noqa: E402
from core.jobs import monitor_start  # noqa: E402
from core.routing import websocket_urlpatterns  # noqa: E402
from core.security import BrowserOriginValidator  # noqa: E402

application = ProtocolTypeRouter({
    "http": BodyLimitMiddleware(django_asgi_app),
    "websocket": BrowserOriginValidator(
        socket_auth_stack(URLRouter(websocket_urlpatterns))),
})

if settings.JOB_RUNNER == "inprocess":
    # Jobs run in this process: keep their heartbeat, and recover those a previous run of
    # the server left unfinished; build what their first run would build (tones) meanwhile.
    monitor_start()
    backends_warm_up(background=True)

# Everything loaded so far (Django, the apps, the engines' tables) lives as long as the
# process: moved out of the collector's reach, a full collection no longer walks its ~200,000
# objects, which took ~90 ms and stalled every request the process had in flight.
gc.collect()
gc.freeze()
