"""The answer service: live text changes without retraining, suggestions, the Dutch original."""

from __future__ import annotations

import shutil
from pathlib import Path

from wegwijz.answering.embeddings import embeddings_cache_path
from wegwijz.conversation.answers import AnswerService, original_replies, question_part, suggestion_replies
from wegwijz.settings import get as get_settings


def _service(kennisbank_dir: Path, tmp_path: Path) -> tuple[AnswerService, Path]:
    copy = tmp_path / "kennisbank"
    shutil.copytree(kennisbank_dir, copy)
    return AnswerService(copy, embeddings_cache_path(get_settings()), check_every=0.0), copy


def test_a_changed_answer_text_is_live_without_retraining(kennisbank_dir: Path, tmp_path: Path) -> None:
    service, copy = _service(kennisbank_dir, tmp_path)
    ranking = [{"name": "kb_huisarts", "confidence": 0.99}]
    before, _ = service.respond("waar vind ik een huisarts", "kb_huisarts", ranking, "nl")
    assert "NIEUWE ZIN" not in before[0].text
    nl = copy / "articles" / "huisarts" / "nl.md"
    nl.write_text(nl.read_text(encoding="utf-8").rstrip() + "\n\nNIEUWE ZIN voor de test.\n", encoding="utf-8")
    after, article = service.respond("waar vind ik een huisarts", "kb_huisarts", ranking, "nl")
    assert article == "huisarts"
    assert "NIEUWE ZIN" in after[0].text


def test_an_uncertain_question_offers_the_likeliest_articles(kennisbank_dir: Path, tmp_path: Path) -> None:
    service, _ = _service(kennisbank_dir, tmp_path)
    kb, _ = service.current()
    replies = suggestion_replies(kb, [("huisarts", 0.3), ("huisartsenpost", 0.28)], "ti")
    payloads = [b.payload for b in replies[0].buttons]
    assert payloads == ["/kb_huisarts", "/kb_huisartsenpost", "/none_of_these"]
    assert replies[0].custom == {"suggestions": ["huisarts", "huisartsenpost"]}


def test_the_dutch_original_is_the_source_text(kennisbank_dir: Path, tmp_path: Path) -> None:
    service, _ = _service(kennisbank_dir, tmp_path)
    kb, _ = service.current()
    reply = original_replies(kb.articles["digid"], "ar")[0]
    assert kb.articles["digid"].translations["nl"].body in reply.text


def test_a_very_long_message_says_so(kennisbank_dir: Path, tmp_path: Path) -> None:
    service, _ = _service(kennisbank_dir, tmp_path)
    replies, _ = service.respond("waar vind ik een huisarts " * 300, "nlu_fallback", [], "nl")
    assert "erg lang" in replies[0].text
    assert len(replies) >= 2


def test_a_long_story_is_answered_on_the_question_at_its_end(kennisbank_dir: Path, tmp_path: Path) -> None:
    service, _ = _service(kennisbank_dir, tmp_path)
    story = ("Wij wonen sinds de zomer in Zeist met vier kinderen. De verhuizing was zwaar en het huis was leeg. "
             "Mijn man werkt nog niet en ik volg taalles op dinsdag en donderdag. ") * 8
    question = "Mijn tand doet al een week pijn, waar vind ik een tandarts?"
    assert question_part(story + question) == question
    _, article = service.respond(story + question, "nlu_fallback", [], "nl")
    assert article == "tandarts"


def test_question_part_takes_the_last_sentences_when_nothing_asks() -> None:
    text = "Eerste zin hier. " * 100 + "Ik zoek een huisarts. Mijn zoon is ziek."
    assert question_part(text) == "Ik zoek een huisarts. Mijn zoon is ziek."
    assert question_part("kort") == "kort"


def test_a_short_follow_up_stays_with_the_article_just_answered(kennisbank_dir: Path, tmp_path: Path) -> None:
    service, _ = _service(kennisbank_dir, tmp_path)
    alone, _ = service.respond("en voor mijn kinderen?", "nlu_fallback", [], "nl")
    _, article = service.respond("en voor mijn kinderen?", "nlu_fallback", [], "nl", previous="tandarts")
    assert article == "tandarts"
    assert alone[0].custom.get("source", {}).get("article") != "tandarts"
    _, unrelated = service.respond("Hoe vraag ik een DigiD aan voor mijn kinderen?", "nlu_fallback", [], "nl",
                                   previous="tandarts")
    assert unrelated == "digid"

