from __future__ import annotations

from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ownership import request_owner
from core.serializers import JobSerializer
from core.throttling import AnonThrottle
from tests.demo.services import demo_job_create


class DemoJobCreateApi(APIView):
    class InputSerializer(serializers.Serializer):
        steps = serializers.IntegerField(min_value=1, max_value=10)
        note = serializers.CharField(max_length=20, required=False)
        step_seconds = serializers.FloatField(min_value=0, max_value=5, default=0)
        kill_process = serializers.BooleanField(default=False)

    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = demo_job_create(owner=request_owner(request), steps=data.validated_data["steps"],
                              step_seconds=data.validated_data["step_seconds"],
                              kill_process=data.validated_data["kill_process"])
        return Response({"job": JobSerializer(job).data}, status=201)


class DemoPrivateApi(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"ok": True})


class OncePerMinute(AnonThrottle):
    rate = "1/minute"
    scope = "demo-once"


class DemoThrottledApi(APIView):
    throttle_classes = [OncePerMinute]

    def get(self, request):
        return Response({"ok": True})


class DemoBrokenApi(APIView):
    """A bug of ours, raised inside an API view."""

    def get(self, request):
        raise RuntimeError("a bug in an API view")


def demo_broken_page(request):
    raise RuntimeError("a bug in a plain view under /api/")
