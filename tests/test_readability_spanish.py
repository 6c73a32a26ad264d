"""Spanish pages are graded by Szigriszt-Pazos (INFLESZ scale), English ones by Flesch-Kincaid."""

import pytest

from topics.readability import (
    SPANISH_TARGET_SCORE,
    Readability,
    SpanishReadability,
    analyse,
    count_spanish_syllables,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("dolor", 2),
        ("ciática", 3),  # ciá-ti-ca: "iá" is a diphthong (the stress falls on the strong vowel)
        ("nervio", 2),  # ner-vio
        ("día", 2),  # dí-a: a stressed í breaks the diphthong
        ("leer", 2),  # le-er: two strong vowels
        ("fisioterapia", 5),  # fi-sio-te-ra-pia
        ("y", 1),
        ("60", 1),
    ],
)
def test_spanish_syllables(word, syllables):
    assert count_spanish_syllables(word) == syllables


def test_short_plain_spanish_meets_the_inflesz_target():
    result = analyse(["El dolor baja por la pierna. Camine un poco cada día. Llame si empeora."], "es")
    assert isinstance(result, SpanishReadability)
    assert (result.words, result.sentences) == (14, 3)
    assert result.grade == round(206.835 - 62.3 * result.syllables / 14 - 14 / 3, 1)
    assert result.grade >= SPANISH_TARGET_SCORE and result.meets_target


def test_long_technical_spanish_misses_the_target():
    text = (
        "La neuromodulación epidural administrada mediante electroestimulación percutánea "
        "constituye una alternativa terapéutica considerablemente individualizada para radiculopatías "
        "refractarias caracterizadas por hipersensibilización periférica persistente."
    )
    result = analyse([text], "es")
    assert result.grade < SPANISH_TARGET_SCORE and not result.meets_target
    assert "Szigriszt-Pazos" in result.formula and "55" in result.target_text


def test_english_keeps_flesch_kincaid():
    result = analyse(["The pain runs down the leg. Walk a little every day."])
    assert type(result) is Readability and result.formula == "Flesch-Kincaid"
    assert result.meets_target


def test_empty_text_has_no_score():
    assert analyse([""], "es").grade is None
