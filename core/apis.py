from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.jobs import job_cancel
from core.ownership import request_owner_or_none
from core.selectors import job_get
from core.serializers import JobSerializer
from core.throttling import PolledView


class JobDetailApi(PolledView, APIView):
    """A job's status: the polling fallback of the /ws/jobs/ socket."""

    @extend_schema(responses=JobSerializer)
    def get(self, request: Request, job_id: uuid.UUID) -> Response:
        job = job_get(owner=request_owner_or_none(request), job_id=job_id)
        if job is None:
            raise NotFound()
        return Response(JobSerializer(job, context={"request": request}).data)


class JobCancelApi(APIView):
    """Ask a job to stop; answers the job as it is now (a running job stops shortly after)."""

    @extend_schema(request=None, responses=JobSerializer)
    def post(self, request: Request, job_id: uuid.UUID) -> Response:
        job = job_get(owner=request_owner_or_none(request), job_id=job_id)
        if job is None:
            raise NotFound()
        job_cancel(job)
        return Response(JobSerializer(job, context={"request": request}).data, status=202)
