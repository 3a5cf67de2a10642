from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from dreams.models import Dream

pytestmark = pytest.mark.django_db(transaction=True)


def _write(client: Client, text: str, **extra) -> Dream:
    response = client.post("/dreams/new/", {"text": text, **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return Dream.objects.get(pk=response.url.strip("/").split("/")[-1])


def test_empty_journal_and_insights_invite_a_first_dream(client):
    for path in ("/dreams/", "/dreams/insights/"):
        page = client.get(path).content.decode()
        assert 'href="/dreams/new/"' in page
    assert "Your journal is empty" in client.get("/dreams/").content.decode()


def test_writing_a_dream_leads_to_its_page_with_every_result(client, symbols):
    dream = _write(client, "A snake was hiding in my garden at night.", emotions=["confusion"])
    page = client.get(dream.get_absolute_url()).content.decode()
    assert dream.title in page
    for expected in ("Snake", "from “snake”", "A reading", "(from the entry: Snake)",
                     'class="dream-image"', "A snake was hiding in your garden at night."):
        assert expected in page
    fragment = client.get(dream.get_absolute_url(), {"fragment": "results"}).content.decode()
    assert "<html" not in fragment and "A reading" in fragment


@pytest.mark.parametrize("text, words", [
    ("", "Write a few words about your dream first."),
    ("I dreamed I wanted to kill myself.", "you don&#x27;t have to carry it alone"),
])
def test_the_form_explains_what_it_refused(client, text, words):
    response = client.post("/dreams/new/", {"text": text})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Dream.objects.exists()


def test_journal_search_and_filters(client, symbols):
    snake = _write(client, "A snake in the garden, I was scared.")
    flying = _write(client, "I was flying over a city, so happy.")
    other = Client()
    _write(other, "A snake on the stairs.")

    def listed(**params) -> list[str]:
        page = client.get("/dreams/", params).content.decode()
        return [t for t in (snake.title, flying.title, "stairs") if t in page]

    titles = [Dream.objects.get(pk=d.pk).title for d in (snake, flying)]
    snake.title, flying.title = titles
    assert listed() == [snake.title, flying.title]
    page = client.get("/dreams/").content.decode()
    assert page.index(flying.title) < page.index(snake.title)  # newest first
    assert listed(q="garden") == [snake.title]
    assert listed(emotion="happiness") == [flying.title]
    symbol = Dream.objects.get(pk=snake.pk).matches.get(symbol__name="Snake").symbol_id
    assert listed(symbol=symbol) == [snake.title]
    assert "No dreams match" in client.get("/dreams/", {"q": "volcano"}).content.decode()


def test_other_peoples_dream_pages_are_404(client, symbols):
    dream = _write(client, "I was swimming.")
    stranger = Client()
    assert stranger.get(dream.get_absolute_url()).status_code == 404
    assert stranger.post(f"/dreams/{dream.pk}/delete/").status_code == 404
    assert stranger.post("/dreams/delete/", {"ids": [str(dream.pk)]}).status_code == 302
    assert Dream.objects.filter(pk=dream.pk).exists()


def test_feelings_can_be_tagged_on_the_dream_page(client, symbols):
    dream = _write(client, "A quiet lake.")
    response = client.post(dream.get_absolute_url(), {"emotions": ["sadness", "happiness"]})
    assert response.status_code == 302
    assert Dream.objects.get(pk=dream.pk).emotions == ["sadness", "happiness"]


def test_deleting_from_the_pages_removes_files(client, symbols):
    dreams = [_write(client, f"A storm over the sea, number {n}.") for n in range(3)]
    images = [Dream.objects.get(pk=d.pk).image.name for d in dreams]
    client.post(f"/dreams/{dreams[0].pk}/delete/")
    response = client.post("/dreams/delete/", {"ids": [str(dreams[1].pk)]}, follow=True)
    assert "1 dream deleted." in response.content.decode()
    assert list(Dream.objects.values_list("pk", flat=True)) == [dreams[2].pk]
    assert [default_storage.exists(name) for name in images] == [False, False, True]


def test_insights_chart_recurring_symbols_and_emotions(client, symbols):
    for text in ("A snake bit me, I was terrified.", "A snake again, I felt afraid.",
                 "I was flying and happy."):
        _write(client, text)
    page = client.get("/dreams/insights/").content.decode()
    assert page.count('<svg class="chart"') == 2
    assert "Snake: 2 dreams" in page and "Flying:" not in page  # seen once: not recurring
    assert "Apprehension 2" in page and "Happiness 1" in page  # the emotions by their labels


def test_journal_search_compares_words_as_retrieval_does(client, symbols):
    school = _write(client, "My old teacher gave me a test I could not finish.")
    granny = _write(client, "My grandmother was baking bread in her cottage.")
    titles = {d.pk: Dream.objects.get(pk=d.pk).title for d in (school, granny)}

    def found(q: str) -> set:
        page = client.get("/dreams/", {"q": q}).content.decode()
        return {pk for pk, title in titles.items() if title in page}

    assert found("teachers") == {school.pk}  # a plural finds the singular
    assert found("grandma") == {granny.pk}  # an alias of Grandparent, the dream's symbol
    assert found("baked bread") == {granny.pk}
    assert found("teachers baking") == set()  # every word must be found
