from __future__ import annotations

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.generic import View

from core.errors import form_submit
from core.ownership import request_owner, request_owner_or_none
from uploads.forms import RegenerateForm, UploadForm
from uploads.selectors import results_context, uploads_of
from uploads.services import upload_create
from uploads.track_jobs import track_job_create


def _earlier(request: HttpRequest, exclude: Any = None) -> Any:
    uploads = uploads_of(owner=request_owner_or_none(request)).exclude(pk=exclude)
    return Paginator(uploads, 12).get_page(request.GET.get("page"))


class HomeView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "uploads/home.html",
                      {"form": UploadForm(), "earlier": _earlier(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            image = form.cleaned_data["image"]
            started = form_submit(form, upload_create, owner=request_owner(request),
                                  data=image.read(), original_name=image.name,
                                  duration=form.cleaned_data["duration"],
                                  style=form.cleaned_data["style"])
            if started is not None:
                return redirect("results", upload_id=started.upload.pk)
        return render(request, "uploads/home.html",
                      {"form": form, "earlier": _earlier(request)}, status=400)


class ResultsView(View):
    def get(self, request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
        context = results_context(owner=request_owner_or_none(request), upload_id=upload_id,
                                  track_id=request.GET.get("track"))
        if context is None:
            raise Http404
        return render(request, "uploads/results.html", {
            **context, "form": RegenerateForm(initial=context["regenerate_initial"]),
            "earlier": _earlier(request, exclude=upload_id)})

    def post(self, request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
        context = results_context(owner=request_owner_or_none(request), upload_id=upload_id)
        if context is None:
            raise Http404
        form = RegenerateForm(request.POST)
        if not form.is_valid():
            return render(request, "uploads/results.html", {
                **context, "form": form, "earlier": _earlier(request, exclude=upload_id)},
                status=400)
        track_job_create(owner=request_owner(request), upload=context["upload"],
                         **form.cleaned_data)
        return redirect("results", upload_id=upload_id)


home = ensure_csrf_cookie(HomeView.as_view())
results = ensure_csrf_cookie(ResultsView.as_view())
