"""Locale-aware number parsing and number listing (extract.numbers)."""


import pytest
from testdata import gold

from extract.numbers import NUMBERS_DIR, conventions, numbers_in, parse_number

GOLD = gold("isatuximab-2022")
LANGUAGES = ["it", "en", "pt", "es", "fr", "de"]


@pytest.mark.parametrize(
    ("token", "lang", "expected"),
    [
        ("0,596", "it", 0.596),
        ("11.5", "en", 11.5),
        ("1.234", "it", 1234.0),
        ("1,234", "en", 1234.0),
        ("1.234,5", "it", 1234.5),
        ("1,234.5", "en", 1234.5),
        ("12\u202f345", "fr", 12345.0),
        ("0,596", "en", 0.596),  # a leading 0 is never a thousands group
        ("0.05", "it", 0.05),  # decimal point printed the English way in an Italian paper
        ("\u22123,2", "it", -3.2),
        ("-0.5", "en", -0.5),
        ("due", "it", 2.0),
        ("Two", "en", 2.0),
        ("un terzo", "it", 0.3333),
        ("one third", "en", 0.3333),
        ("metà", "it", 0.5),
        ("três", "pt", 3.0),
        ("un tercio", "es", 0.3333),
        ("deux", "fr", 2.0),
        ("drei", "de", 3.0),
    ],
)
def test_parse_number(token: str, lang: str, expected: float) -> None:
    assert parse_number(token, lang) == pytest.approx(expected)


@pytest.mark.parametrize("token", ["CD38", "abc", "1.2.3,4", "", "12..3"])
def test_parse_number_rejects_non_numbers(token: str) -> None:
    assert parse_number(token, "it") is None


def test_every_language_file_loads() -> None:
    files = sorted(path.stem for path in NUMBERS_DIR.glob("*.yaml"))
    assert set(LANGUAGES) <= set(files)
    for lang in files:
        conv = conventions(lang)
        assert conv.decimal in {".", ","}
        assert conv.cardinals and conv.fractions and conv.comparators


def test_unknown_language_names_it() -> None:
    with pytest.raises(ValueError, match="'xx'"):
        parse_number("1", "xx")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("HR: 0,596; 95% CI: 0,44-0,81; p=0,001", "it", [0.596, 0.44, 0.81, 0.001]),
        ("HR 0.596; 95% CI 0.44-0.81; p=0.001", "en", [0.596, 0.44, 0.81, 0.001]),
        ("HR 0,53; IC 95% 0,150-1,878", "it", [0.53, 0.15, 1.878]),
        ("11,5 mesi (95% CI: 8,9-13,9)", "it", [11.5, 8.9, 13.9]),
        ("intervallo di confidenza al 95% 1,2-3,4", "it", [1.2, 3.4]),
        ("HR 0,62; 95 %-KI 0,45-0,86; p = 0,004", "de", [0.62, 0.45, 0.86, 0.004]),
        ("Attualmente in Italia sono disponibili due anticorpi anti-CD38.", "it", [2.0]),
        ("There are currently two anti-CD38 antibodies available in Italy.", "en", [2.0]),
        ("circa un terzo dei pazienti aveva ricevuto tre linee", "it", [0.3333, 3.0]),
        ("approximately one third of the patients had three median lines", "en", [0.3333, 3.0]),
        ("la metà dei pazienti", "it", [0.5]),
        ("half of the patients; the half-life of Isa", "en", [0.5]),
        ("CD38, MOLP-8, t(4;14), gain(1q21), TAK-079, SAR650984, IgG1, p53, del17p", "it", []),
        ("CD4+ e Ca2+ e NAD+ in cellule MM1S, del(17p), amp(1q21)", "it", []),
        ("come illustrato (figura 4) e nella Tabella 1", "it", []),
        ("as shown in Figure 4 and Table 1", "en", []),
        ("Negli anni ‘70 e nel 1980", "it", [1970.0, 1980.0]),
        ("(range 2-11) e 65-74 anni", "it", [2.0, 11.0, 65.0, 74.0]),
        ("eGFR <60 mL/min/1,73 m", "it", [60.0, 1.73]),
        ("eGFR <60 mL/min/1.73 m", "en", [60.0, 1.73]),
        ("una variazione di \u22123,5 e di -2", "it", [-3.5, -2.0]),
        ("75,0 e 64,7%", "it", [75.0, 64.7]),
        ("n=1.234 pazienti", "it", [1234.0]),
        ("n=1,234 patients", "en", [1234.0]),
    ],
)
def test_numbers_in(text: str, lang: str, expected: list[float]) -> None:
    assert numbers_in(text, lang) == pytest.approx(expected)


def test_abstracts_state_the_same_numbers() -> None:
    """The two abstracts of the bundled paper state the same numbers, in words and digits."""
    italian = numbers_in((GOLD / "abstract.it.txt").read_text(encoding="utf-8"), "it")
    english = numbers_in((GOLD / "abstract.en.txt").read_text(encoding="utf-8"), "en")
    assert italian == english == pytest.approx([2.0, 3.0, 0.3333, 3.0])
