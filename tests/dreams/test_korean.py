"""Korean dreams: Kiwi-analysed retrieval and emotions, the Korean reading and story offline,
the dream's language through the API, the Korean dictionary in the admin, Korean moderation,
and Korean speech (the OpenAI path through the real SDK against the loopback fake)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from rest_framework.test import APIClient

from core.backends import BackendError
from core.moderation.moderators import WordListModerator
from core.permissions import CURATORS
from core.speech.transcribers import OpenAITranscriber, PocketSphinxTranscriber
from core.text.korean import tokenize_ko
from dreams.backends.base import DreamContext, SymbolEntry
from dreams.backends.image import OpenAIDreamPainter, motifs_for
from dreams.backends.interpretation import OfflineInterpreter, OpenAIInterpreter
from dreams.backends.korean import josa, plain_style
from dreams.backends.story import OfflineDreamStoryteller, OpenAIDreamStoryteller
from dreams.emotions import emotions_propose
from dreams.models import Dream, Symbol
from dreams.services import DreamRejected, dream_language
from dreams.symbol_index import symbol_index
from tests.dreams.conftest import DATA, tone

HANGUL = re.compile(r"[가-힣]")
LATIN = re.compile(r"[A-Za-z]")


def _found(text: str) -> set[str]:
    english = dict(Symbol.objects.values_list("pk", "name"))
    return {english[m.id] for m in symbol_index("ko").read(text)}


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "expected"), [
    ("이가 빠지는 꿈을 꿨어요", {"Teeth falling out"}),  # particles, past polite
    ("바다 위를 날았다", {"Flying", "Ocean"}),
    ("이빨이 다 빠져 버렸음 ㅠㅠ", {"Teeth falling out"}),  # synonym, colloquial ending
    ("할머니께서 돌아가셨어요", {"Grandparent", "Death"}),  # honorific subject and verb
    ("어머님께서 주무시고 계셨습니다", {"Mother", "Bed"}),  # honorific verbs, formal ending
    ("뱀한테 쫒기는 꿈", {"Snake", "Being chased"}),  # a common misspelling of 쫓기다
    ("돼지꿈 꿨어요!", {"Farm animals"}),
    ("용이 하늘로 올라가는 꿈을 꾸었습니다", {"Dragon"}),
    ("집에 불이 났어요", {"Fire", "House"}),
    ("전 남자친구를 다시 만났다", {"Ex-partner"}),
])
def test_korean_dreams_find_their_symbols_through_particles_and_endings(symbols, text,
                                                                        expected):
    assert expected <= _found(text)


@pytest.mark.django_db
def test_a_longer_korean_phrase_explains_its_words_away(symbols):
    # 시험에 떨어지다 is failing an exam, not a fall; 물에 빠지다 is drowning, not teeth.
    assert _found("시험에 떨어지는 꿈을 꿨다") == {"Failure"}
    found = _found("물에 빠져서 숨을 못 쉬었어요")
    assert "Drowning" in found and "Teeth falling out" not in found and "Falling" not in found


@pytest.mark.django_db
def test_the_korean_labelled_set_is_read_well(symbols):
    dreams = json.loads((DATA / "labelled_dreams_ko.json").read_text(encoding="utf-8"))
    assert len(dreams) >= 30
    hits = expected = read = 0
    for dream in dreams:
        found, wanted = _found(dream["text"]), set(dream["symbols"])
        hits, expected, read = hits + len(found & wanted), expected + len(wanted), \
            read + len(found)
    assert hits / expected > 0.9 and hits / read > 0.8


def test_kiwi_gives_dictionary_forms_and_knows_negation():
    text = "할머니께서 돌아가셨어요. 전혀 안 무서웠고 슬프지 않았다."
    tokens = {t.term: t for t in tokenize_ko(text)}
    assert {"할머니", "돌아가시다", "무섭다", "슬프다"} <= set(tokens)
    assert tokens["무섭다"].negated and tokens["슬프다"].negated
    assert not tokens["할머니"].negated and tokens["할머니"].surface == "할머니께서"
    assert tokens["슬프다"].sentence == 1


@pytest.mark.django_db
def test_korean_emotions_are_proposed_and_negation_counts():
    assert emotions_propose("뱀한테 쫓겨서 너무 무서웠어요. 엄마가 보고 싶어서 울었다",
                            language="ko") == ["apprehension", "sadness"]
    assert emotions_propose("하나도 안 무서웠고 오히려 행복했어요", language="ko") == ["happiness"]
    assert emotions_propose("무섭지 않았다", language="ko") == []


KO_DREAM = DreamContext(
    text="저는 바다 위를 날고 있었어요. 돌아가신 할머니께서 저를 부르셨습니다.",
    emotions=("happiness",), seed=5, language="ko",
    symbols=(SymbolEntry(id=6, name="바다", category="setting", matched=("바다",),
                         text="넓은 바다는 깊은 감정을 떠올리게 합니다.", key="Ocean"),
             SymbolEntry(id=2, name="하늘을 나는 꿈", category="activity",
                         matched=("날고",), text="하늘을 나는 꿈은 길몽입니다.", key="Flying"),
             SymbolEntry(id=110, name="조부모", category="character",
                         matched=("할머니께서",), text="지혜와 뿌리를 떠올리게 합니다.",
                         key="Grandparent")))


def test_the_offline_reading_of_a_korean_dream_is_korean_and_cites_its_entries():
    result = OfflineInterpreter().interpret(KO_DREAM)
    text = " ".join(section.text for section in result.sections)
    assert not LATIN.search(text)
    assert set(result.sections[0].citations) == {6, 2, 110}
    assert all(section.citations == (pk,) for section, pk in zip(result.sections[1:4],
                                                                 (6, 2, 110), strict=True))
    assert "“할머니께서”" in text and "기쁨" in text


def test_the_offline_story_of_a_korean_dream_is_told_in_plain_korean():
    story = OfflineDreamStoryteller().tell(KO_DREAM)
    assert not LATIN.search(story.title + story.text)
    assert "나는 바다 위를 날고 있었다." in story.text  # 저는 …었어요 → 나는 …었다
    assert "나를 부르셨다." in story.text and "바닷가에" in story.text
    assert "할머니" in story.text and "습니다" not in story.text.split("\n\n")[1]
    assert motifs_for(KO_DREAM)[:1] == ["water"]  # the painter knows the symbol by its key


def test_plain_style_and_particles():
    assert plain_style("학교에 가요") == "학교에 간다"
    assert plain_style("이가 빠지는 꿈을 꿨어요.") == "이가 빠지는 꿈을 꿨다."
    assert plain_style("정말 그랬나요?") == "정말 그랬나요?"
    assert (josa("바다", "과", "와"), josa("숲", "과", "와"), josa("물", "으로", "로"),
            josa("집", "으로", "로")) == ("와", "과", "로", "으로")


@pytest.mark.django_db(transaction=True)
def test_a_korean_dream_through_the_api_gets_korean_symbols_reading_and_story(symbols):
    client = APIClient()
    text = "어젯밤에 이가 빠지는 꿈을 꿨어요. 할머니께서 저를 보시고 우셨어요. 너무 슬펐어요."
    response = client.post("/api/dreams/", {"text": text, "language": "ko"}, format="json")
    assert response.status_code == 201, response.content
    dream = client.get(f"/api/dreams/{response.json()['id']}/").json()
    assert dream["language"] == "ko"
    names = {s["name"] for s in dream["symbols"]}
    assert {"이가 빠지는 꿈", "조부모"} <= names
    assert "sadness" in dream["proposed_emotions"]
    reading = dream["interpretation"]["text"]
    assert HANGUL.search(reading) and not LATIN.search(reading)
    assert set(dream["interpretation"]["citations"]) <= {s["id"] for s in dream["symbols"]}
    assert HANGUL.search(dream["story"]["title"]) and "나를 보시고 우셨다" in dream["story"]["text"]
    page = client.get(f"/dreams/{dream['id']}/").content.decode()
    assert "이가 빠지는 꿈" in page and "Teeth falling out" not in page


@pytest.mark.django_db
def test_the_dreams_language_follows_the_visitor_unless_the_text_says_otherwise():
    with translation.override("ko"):
        assert dream_language() == "ko"
        assert dream_language(text="I was flying over the sea.") == "en"
    with translation.override("en"):
        assert dream_language(text="바다 위를 날았다") == "ko"
        assert dream_language("ko-KR") == "ko"
    with pytest.raises(DreamRejected) as caught:
        dream_language("xx")
    assert caught.value.field == "language" and "ko" in caught.value.message


@pytest.mark.django_db(transaction=True)
def test_an_unknown_language_is_a_400_naming_the_field():
    response = APIClient().post("/api/dreams/", {"text": "A dream.", "language": "klingon"},
                                format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "language" in error["fields"] and "klingon" in error["message"]
    assert not Dream.objects.exists()


@pytest.mark.django_db
def test_curators_write_the_korean_entry_in_the_admin(client, django_user_model, symbols):
    user = django_user_model.objects.create_user("curator", password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    client.force_login(user)
    snake = Symbol.objects.get(name="Snake")
    page = client.get(f"/admin/dreams/symbol/{snake.pk}/change/").content.decode()
    assert "Korean (한국어)" in page and "구렁이" in page and 'name="text_ko"' in page
    assert "Snake" in client.get("/admin/dreams/symbol/", {"q": "구렁이"}).content.decode()
    form = {"name": "Snake", "aliases": snake.aliases, "category": "animal",
            "themes": [t.pk for t in snake.themes.all()], "text": snake.text,
            "name_ko": "뱀", "aliases_ko": snake.aliases_ko + ", 꽃뱀", "text_ko": snake.text_ko}
    assert client.post(f"/admin/dreams/symbol/{snake.pk}/change/", form).status_code == 302
    assert "꽃뱀" in Symbol.objects.get(pk=snake.pk).alias_list_ko
    assert "Snake" in _found("꽃뱀이 나왔다")  # the index follows the edit


def test_the_offline_moderator_reads_korean():
    moderator = WordListModerator()
    assert moderator.check("요즘 너무 힘들어서 죽고 싶어요").categories == ["self-harm"]
    assert moderator.check("꿈에서 할머니가 돌아가셨어요. 뱀에게 물려 죽는 꿈").allowed


def test_korean_speech_offline_is_refused_with_a_word_to_type():
    with pytest.raises(BackendError) as caught:
        PocketSphinxTranscriber().transcribe(tone(), language="ko")
    assert caught.value.permanent and "type your dream" in caught.value.message


@pytest.mark.django_db
def test_the_new_dream_page_tells_a_korean_visitor_to_type(client, settings):
    page = client.get("/dreams/new/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "한국어 음성은 온라인 음성 인식기가 있어야" in page
    assert 'id="record-start"' not in page and 'href="#id_text"' in page
    assert 'id="record-start"' in client.get(
        "/dreams/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_korean_speech_goes_to_the_openai_transcriber_with_its_language(fake_openai):
    fake_openai.queue("transcriptions", {"text": "바다 위를 날았어요"})
    assert OpenAITranscriber().transcribe(tone(), language="ko") == "바다 위를 날았어요"
    assert fake_openai.last("transcriptions").form["language"] == "ko"


def test_the_openai_engines_are_asked_for_the_dreams_language(fake_openai):
    fake_openai.chat({"sections": [{"text": "바다는 감정을 비춥니다.", "citations": [6]}]})
    assert OpenAIInterpreter().interpret(KO_DREAM).sections[0].text == "바다는 감정을 비춥니다."
    body = fake_openai.last("chat").json
    assert "in plain Korean" in body["messages"][0]["content"]
    assert json.loads(body["messages"][1]["content"])["dream"] == KO_DREAM.text
    fake_openai.chat({"title": "바다 위의 밤", "story": "나는 바다 위를 날았다."})
    assert OpenAIDreamStoryteller().tell(KO_DREAM).title == "바다 위의 밤"
    system = fake_openai.last("chat").json["messages"][0]["content"]
    assert "in Korean (한국어)" in system and "{language}" not in system
    OpenAIDreamPainter().paint(KO_DREAM)
    prompt = fake_openai.last("images").json["prompt"]
    assert KO_DREAM.text in prompt and "told in Korean" in prompt and "바다" in prompt
    fake_openai.chat({"sections": [{"text": "A reading.", "citations": [6]}]})
    OpenAIInterpreter().interpret(DreamContext(text="The sea.", symbols=KO_DREAM.symbols[:1]))
    assert "in plain English" in fake_openai.last("chat").json["messages"][0]["content"]
