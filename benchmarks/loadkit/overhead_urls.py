"""The project's URLs plus two plain Django JSON views to measure the API against:

- /bench/bare/: a constant job-shaped JSON body, nothing looked up;
- /bench/jobs/<id>/: the same job as GET /api/jobs/{id}/, with the same token check and the same
  selector, written out by hand (no DRF request, authentication classes, throttles or
  serializer).
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest, JsonResponse
from django.urls import path

from accounts.services import api_token_user
from config import urls as project_urls
from core.ownership import Owner
from core.selectors import job_get

BARE_BODY = {"id": str(uuid.UUID(int=0)), "kind": "track", "status": "queued", "progress": 0,
             "error": "", "result_url": None, "page_url": None,
             "created_at": "2026-01-01T00:00:00Z", "finished_at": None}


def bare_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(BARE_BODY)


def plain_job(request: HttpRequest, job_id: uuid.UUID) -> JsonResponse:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    user = api_token_user(key=key) if scheme == "Token" and key else None
    job = job_get(owner=Owner(user_id=user.pk), job_id=job_id) if user is not None else None
    if job is None:
        return JsonResponse({"error": {"code": "not_found", "message": "Not found."}}, status=404)
    return JsonResponse({"id": str(job.pk), "kind": job.kind, "status": job.status,
                         "progress": job.progress, "error": job.error, "result_url": None,
                         "page_url": None, "created_at": job.created_at.isoformat(),
                         "finished_at": job.finished_at and job.finished_at.isoformat()})


urlpatterns = [
    path("bench/bare/", bare_json),
    path("bench/jobs/<uuid:job_id>/", plain_job),
    *project_urls.urlpatterns,
]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
