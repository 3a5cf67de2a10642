from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import form_submit
from core.ownership import request_owner, request_owner_or_none
from dreams import charts
from dreams.forms import BulkDeleteForm, DreamEmotionsForm, DreamForm
from dreams.models import Dream, Emotion
from dreams.recordings import recording_delete, recordings_of
from dreams.selectors import (
    dream_get,
    dream_symbols_used,
    dreams_of,
    insights_of,
    speech_unavailable,
    transcription_get,
)
from dreams.services import (
    dream_analyse,
    dream_create,
    dream_delete,
    dream_language,
    dream_update,
    dreams_delete,
)


def _owned(request: HttpRequest, dream_id: uuid.UUID) -> Dream:
    dream = dream_get(owner=request_owner_or_none(request), dream_id=dream_id)
    if dream is None:
        raise Http404
    return dream


def journal(request: HttpRequest) -> HttpResponse:
    owner = request_owner_or_none(request)
    params = request.GET
    symbol = params.get("symbol", "")
    dreams = dreams_of(owner=owner, q=params.get("q", ""), emotion=params.get("emotion", ""),
                       symbol=int(symbol) if symbol.isdigit() else None)
    page = Paginator(dreams.prefetch_related("matches__symbol"), 12).get_page(params.get("page"))
    return render(request, "dreams/journal.html", {
        "page": page, "q": params.get("q", ""), "emotion": params.get("emotion", ""),
        "symbol": symbol, "emotions": Emotion.choices,
        "symbols": dream_symbols_used(owner=owner),
        "has_dreams": dreams_of(owner=owner).exists(),
        "filtered": any(params.get(k) for k in ("q", "emotion", "symbol"))})


@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    form = DreamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        owner = request_owner(request)
        values = form.cleaned_data
        transcription = (transcription_get(owner=owner, job_id=values["transcription"])
                         if values["transcription"] else None)
        started = form_submit(form, dream_create, owner=owner, text=values["text"],
                              title=values["title"], emotions=values["emotions"],
                              transcription=transcription)
        if started is not None:
            return redirect(started.dream)
    status = 400 if request.method == "POST" else 200
    return render(request, "dreams/new.html", {
        "form": form, "speech_note": speech_unavailable(language=dream_language())},
        status=status)


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, dream_id: uuid.UUID) -> HttpResponse:
    dream = _owned(request, dream_id)
    if request.method == "POST":
        form = DreamEmotionsForm(request.POST)
        if form.is_valid():
            dream_update(dream=dream, emotions=form.cleaned_data["emotions"])
            messages.success(request, gettext("Your emotions are saved."))
        return redirect(dream)
    matches = list(dream.matches.select_related("symbol"))
    names = {m.symbol_id: m.name for m in matches}
    context = {
        "dream": dream, "job": dream.jobs.first(), "matches": matches,
        "sections": [{"text": s["text"], "cited": [names[c] for c in s.get("citations", [])
                                                   if c in names]}
                     for s in dream.interpretation_sections or []],
        "emotions_form": DreamEmotionsForm(initial={"emotions": dream.emotions}),
    }
    fragment = request.GET.get("fragment")
    if fragment in {"results", "proposed"}:
        return render(request, f"dreams/partials/{fragment}.html", context)
    return render(request, "dreams/detail.html", context)


@require_POST
def delete(request: HttpRequest, dream_id: uuid.UUID) -> HttpResponse:
    dream = _owned(request, dream_id)
    title = dream.title
    dream_delete(dream=dream)
    messages.success(request, gettext("“%(title)s” is deleted, with its picture and "
                                      "recording.") % {"title": title})
    return redirect("dream-journal")


@require_POST
def bulk_delete(request: HttpRequest) -> HttpResponse:
    owner = request_owner_or_none(request)
    form = BulkDeleteForm(request.POST, choices=[str(pk) for pk in dreams_of(
        owner=owner).values_list("pk", flat=True)])
    if owner is None or not form.is_valid():
        messages.error(request, gettext("Choose at least one of your dreams to delete."))
        return redirect("dream-journal")
    count = dreams_delete(owner=owner, ids=form.cleaned_data["ids"])
    messages.success(request, ngettext("%(count)d dream deleted.", "%(count)d dreams deleted.",
                                       count) % {"count": count})
    return redirect("dream-journal")


@require_POST
def analyse(request: HttpRequest, dream_id: uuid.UUID) -> HttpResponse:
    dream_analyse(dream=_owned(request, dream_id))
    return redirect("dream-detail", dream_id=dream_id)


def insights(request: HttpRequest) -> HttpResponse:
    data = insights_of(owner=request_owner_or_none(request))
    rows = [(month, [data.emotion_months[e][i] for e in Emotion.values])
            for i, month in enumerate(data.months)]
    return render(request, "dreams/insights.html", {
        "insights": data, "symbols_chart": charts.symbols_chart(data),
        "emotions_chart": charts.emotions_chart(data), "legend": charts.legend(data),
        "emotion_names": Emotion.labels, "rows": rows})


def recordings(request: HttpRequest) -> HttpResponse:
    found = recordings_of(owner=request_owner_or_none(request))
    return render(request, "dreams/recordings.html", {"recordings": found})


@require_POST
def recording_remove(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    if not recording_delete(owner=request_owner_or_none(request), recording_id=recording_id):
        raise Http404
    messages.success(request, gettext("The recording is deleted."))
    return redirect("dream-recordings")
