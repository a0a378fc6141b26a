"""The crisis detector per language: direct and indirect crisis messages, and ordinary questions that are not."""

from __future__ import annotations

import re

import pytest

from wegwijz import LANGUAGES
from wegwijz.crisis.detect import CRISIS_ARTICLES, KIND_ARTICLE, CrisisDetector, detector, fold, load_exemplars
from wegwijz.kennisbank import load_kennisbank
from wegwijz.settings import ROOT
from wegwijz.texts import say

# Written for these tests: not in exemplars.yml, so the lexicon and the neighbours must generalise.
CRISIS = {
    "nl": [
        ("mijn dochter krijgt geen lucht meer", "medical"),
        ("mijn man heeft ineens hele erge pijn op de borst", "medical"),
        ("er staat een vreemde man in mijn huis", "danger"),
        ("mijn man slaat mij als hij gedronken heeft", "violence"),
        ("ik ben bang voor mijn man, ik durf het niemand te vertellen", "violence"),
        ("de vader van mijn vriendin slaat haar kinderen", "child_abuse"),
        ("ik wil niet meer leven", "suicide"),
        ("soms denk ik dat iedereen beter af is zonder mij", "suicide"),
    ],
    "en": [
        ("my son is not breathing well please help", "medical"),
        ("my grandmother collapsed in the kitchen", "medical"),
        ("someone is breaking in to our flat right now", "danger"),
        ("my husband drinks a lot and there is trouble at home, i am afraid to tell anyone, is there help?",
         "violence"),
        ("my partner hits me when the kids are asleep", "violence"),
        ("my neighbour beats his little boy every night", "child_abuse"),
        ("i want to die, nothing makes sense", "suicide"),
        ("i keep thinking about ending my life", "suicide"),
    ],
    "ar": [
        ("ابني ما عم يتنفس منيح", "medical"),
        ("زوجي عنده وجع بصدره كتير قوي", "medical"),
        ("في حرامي بالبيت هلأ", "danger"),
        ("زوجي بيشرب كتير وفي مشاكل بالبيت وانا خايفه احكي لحدا، في مساعده؟", "violence"),
        ("جوزي بيضربني قدام الاولاد", "violence"),
        ("جارنا بيضرب ابنه الصغير كل يوم", "child_abuse"),
        ("ما بدي عيش بعد اليوم", "suicide"),
        ("بفكر انتحر", "suicide"),
    ],
    "ti": [
        ("ወደይ ጽቡቕ ገይሩ ኣይተንፍስን ኣሎ", "medical"),
        ("ኣቦይ ብርቱዕ ቃንዛ ኣፍልቢ ኣለዎ", "medical"),
        ("ሕጂ ሰራቒ ናብ ገዛና ኣትዩ", "danger"),
        ("ሰብኣየይ ብዙሕ ይሰቲ፡ ኣብ ገዛ ባእሲ ኣሎ፡ ንዝኾነ ሰብ ክነግር እፈርህ፡ ሓገዝ ኣሎ ድዩ?", "violence"),
        ("ሰብኣየይ ይወቕዓኒ እዩ", "violence"),
        ("ጎረቤትና ንወዱ ኩሉ መዓልቲ ይወቕዖ", "child_abuse"),
        ("ክነብር ኣይደልን እየ", "suicide"),
        ("ርእሰይ ክቐትል እሓስብ ኣለኹ", "suicide"),
    ],
}

ORDINARY = {
    "nl": ["waar vind ik een huisarts", "hoe vraag ik huurtoeslag aan", "ik ben bang dat ik de huur niet kan betalen",
           "mijn begeleider reageert niet meer", "mijn zoon wil op judo"],
    "en": ["how do i get a digid", "help with teenager problems at home", "my son has a cold what do i do",
           "where is the library", "i feel lonely in zeist"],
    "ar": ["كيف اسجل ابني بالمدرسه", "رسبت بالامتحان مرتين وخايف يطلبوا مني مصاري", "رقم شركه السكن للصيانه",
           "وين لاقي طبيب اسنان", "كيف افتح حساب بنك"],
    "ti": ["ሓኪም ስድራ ኣበይ ይርከብ", "ወደይ ካራቴ ክመሃር ይደሊ", "ቋንቋ ሆላንድ ኣበይ ክመሃር", "ገንዘብ ገዛ ክኸፍል ኣይክእልን",
           "DigiD ከመይ ይርከብ"],
}


@pytest.fixture(scope="module")
def crisis_detector() -> CrisisDetector:
    return detector(ROOT / "kennisbank")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_crisis_messages_are_recognised_with_their_kind(crisis_detector: CrisisDetector, lang: str) -> None:
    exemplars = {fold(t) for by_lang in load_exemplars().values() for t in by_lang.get(lang, [])}
    for text, kind in CRISIS[lang]:
        assert fold(text) not in exemplars  # the test must not simply look itself up
        found = crisis_detector.detect(text)
        assert found is not None, text
        assert KIND_ARTICLE[found.kind] == KIND_ARTICLE[kind], (text, found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ordinary_questions_are_not_a_crisis(crisis_detector: CrisisDetector, lang: str) -> None:
    # Never the crisis reply alone; at most one of them gets the numbers before its answer (the classifier,
    # unsure: "reageert niet meer" is also how people write about someone who collapsed).
    found = {text: crisis_detector.detect(text) for text in ORDINARY[lang]}
    assert [(t, d) for t, d in found.items() if d is not None and d.sure] == []
    assert sum(d is not None for d in found.values()) <= 1, found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_classifier_finds_what_no_cue_lists(crisis_detector: CrisisDetector, lang: str) -> None:
    # Written for this test, in none of the training files, and with no word of the cue lexicon.
    indirect = {
        "nl": "sinds gisteren zegt mijn zus dat ze haar spullen heeft weggegeven en dat ze moe is van alles",
        "en": "my sister gave away all her things and says she is tired of everything, she sent me a goodbye",
        "ar": "اختي وزعت كل اغراضها وبعتتلي رساله وداع وقالت انها تعبت من كل شي",
        "ti": "ሓብተይ ኩሉ ንብረታ ሂባ ወዲኣ፡ ናይ ስንብት መልእኽቲ ልኢኻትለይ፡ ካብ ኩሉ ደኺመ ትብል",
    }[lang]
    assert crisis_detector.by_cue(indirect) is None
    found = crisis_detector.by_classifier(indirect)
    assert found is not None and found.kind == "suicide", found


def test_commands_and_empty_messages_are_not_a_crisis(crisis_detector: CrisisDetector) -> None:
    for text in ("", "   ", "/kb_huiselijk_geweld", '/choose_language{"language":"ar"}'):
        assert crisis_detector.detect(text) is None


def test_each_signal_finds_crisis_on_its_own(crisis_detector: CrisisDetector) -> None:
    # the neighbours find an indirect message without any cue; the cues find a phrase unlike every exemplar
    assert crisis_detector.by_cue("iedereen is beter af zonder mij, echt") is None
    assert crisis_detector.by_neighbour("iedereen is beter af zonder mij, echt") is not None
    assert crisis_detector.by_cue("pijn op de borst") is not None


def test_no_ordinary_kennisbank_question_is_taken_for_a_crisis(crisis_detector: CrisisDetector) -> None:
    kb = load_kennisbank(ROOT / "kennisbank")
    found = [(aid, q, crisis_detector.detect(q)) for aid, article in kb.articles.items() if aid not in CRISIS_ARTICLES
             for tr in article.translations.values() for q in tr.questions]
    assert [(aid, q, d) for aid, q, d in found if d is not None and d.sure] == []
    unsure = [(aid, q) for aid, q, d in found if d is not None]
    assert len(unsure) <= 0.02 * len(found), unsure  # these get the numbers first, then their answer


def test_tigrinya_spelling_variants_are_folded() -> None:
    assert fold("ዓመፅ") == fold("ዓመጽ")
    assert fold("ሓገዝ") == fold("ሃገዝ")


def test_every_number_in_the_crisis_card_is_in_a_kennisbank_article() -> None:
    kb = load_kennisbank(ROOT / "kennisbank")
    articles = " ".join(kb.articles[a].translations[lang].body for a in CRISIS_ARTICLES for lang in LANGUAGES)
    for lang in LANGUAGES:
        for number in re.findall(r"\d[\d-]{2,}", say("crisis_card", lang)):
            assert number in articles, (lang, number)
        for number in ("112", "0800-2000", "113", "0800-0113"):
            assert number in say("crisis_card", lang)


def test_the_nlu_file_is_made_from_the_exemplars() -> None:
    from wegwijz.crisis.training import NLU_FILE, nlu_yaml

    assert NLU_FILE.read_text(encoding="utf-8") == nlu_yaml()


def test_every_blind_file_the_classifier_learns_from_is_in_its_stored_name() -> None:
    """A classifier stored for other inputs is not reused: each blind file whose crisis messages or
    development-half questions it trains on is part of the hash its file is named by."""
    from wegwijz.benchmark import blind
    from wegwijz.crisis.classifier import corpus_files

    files = set(corpus_files())
    for directory, names in blind._FILES:
        if {"crisis", "questions", "out_of_scope"} & set(names.values()):
            for lang in LANGUAGES:
                path = directory / f"{lang}.yml"
                assert not path.exists() or path in files, path


def test_questions_about_emergencies_are_never_contrast_for_the_classifier() -> None:
    from wegwijz.benchmark import blind
    from wegwijz.crisis.classifier import NONE, training_data

    about = [m.text for m in blind.load("dev", sets=("questions",)) if m.article in CRISIS_ARTICLES]
    assert about  # the development half holds some ("which number is for an ambulance?")
    texts, labels = training_data([])
    contrast = {t for t, label in zip(texts, labels) if label == NONE}
    assert not contrast & set(about)


@pytest.mark.parametrize(("text", "kind"), [
    ("ana ta3bane kteer w ma badi 3ish ba3d", "suicide"),
    ("jozi 3am yedrebni kel yom w ana khayfe 3ala wladi", "violence"),
    ("ibni ma 3am yitnaffas mni7, shu a3mel", "medical"),
    ("wallah ta3bt w bade ente7er el yom", "suicide"),
    ("fi wa7ad barra 3al bab w ma3o sekkeen, ana la7ali", "danger"),
])
def test_arabic_in_latin_letters_is_recognised_by_its_cues(crisis_detector: CrisisDetector, text: str,
                                                            kind: str) -> None:
    found = crisis_detector.detect(text)
    assert found is not None and found.sure and found.kind == kind, found


@pytest.mark.parametrize("text", [
    "de koolmonoxidemelder piept al een uur en de kinderen zijn suf",
    "the carbon monoxide alarm is going off and my wife feels dizzy",
    "جهاز اول اكسيد الكربون عم يزمر والولاد دايخين",
    "ናይ ካርቦን ሞኖክሳይድ መጠንቀቕታ ይድምጽ ኣሎ፡ ደቀይ ይዞሮም",
])
def test_a_carbon_monoxide_alarm_is_danger_by_its_cues(crisis_detector: CrisisDetector, text: str) -> None:
    # Written after a blind writer's three CO-alarm messages (one per language) were all missed.
    found = crisis_detector.by_cue(text)
    assert found is not None and found.kind == "danger", found
