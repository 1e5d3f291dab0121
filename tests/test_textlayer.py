"""Text-layer repairs (extract.glyphs, extract.pdf's word builder, extract.clean's hyphens) and
the validation of LayoutParams, on PDFs drawn by tests/textlayer_pdfs.py and hand-made chars."""

from __future__ import annotations

from pathlib import Path

import pytest
from layout_pdfs import HEIGHT, REGULAR, Column, Writer
from reportlab.pdfbase import pdfmetrics
from textlayer_pdfs import (
    FOOT_ABSTRACT,
    FOOT_NOTE,
    GLYPH_TEXT,
    NOTICE,
    RULED_ABSTRACT,
    RULED_TITLE,
    SIDE_ABSTRACT,
    SIDE_COLUMN,
    SIDE_TITLE,
    SPACELESS_WORDS,
    write_doubled_pdf,
    write_foot_abstract_pdf,
    write_glyph_code_pdf,
    write_ruled_abstract_pdf,
    write_side_column_pdf,
    write_spaceless_pdf,
)

from extract.document import read_blocks
from extract.glyphs import char_text, numeric_glyph_text, repair_chars
from extract.params import DEFAULT, LayoutParams
from extract.pdf import parse_pdf


def _texts(path: Path) -> list[str]:
    return [w.text for w in parse_pdf(path)[0].words]


def test_fake_bold_doubles_are_one_glyph(tmp_path: Path) -> None:
    words = _texts(write_doubled_pdf(tmp_path / "doubled.pdf"))
    assert words[0] == "62"


def test_doubled_letters_of_a_word_stay() -> None:
    chars = [_char("l", 10.0), _char("l", 12.8), _char("l", 10.2)]  # ll, and a copy of the first
    assert [c["x0"] for c in repair_chars(chars, DEFAULT)] == [10.0, 12.8]


def test_glyphs_named_by_their_code_get_their_text(tmp_path: Path) -> None:
    path = write_glyph_code_pdf(tmp_path / "cid.pdf")
    words = parse_pdf(path)[0].words
    assert " ".join(w.text for w in words) == GLYPH_TEXT
    assert [w.spaced for w in words] == [False, True, True]  # the code for a space is a space


def test_numeric_glyph_names_decimal_and_hexadecimal() -> None:
    assert numeric_glyph_text("G67", hexadecimal=False) == "C"
    assert numeric_glyph_text("G147", hexadecimal=False) == "\u201c"  # Windows-1252 0x93
    assert numeric_glyph_text("G6C", hexadecimal=True) == "l"
    assert numeric_glyph_text("G6C", hexadecimal=False) is None
    assert numeric_glyph_text("eacute", hexadecimal=False) is None


def test_control_and_zero_width_characters() -> None:
    assert char_text("\x93") == "\u201c" and char_text("\x94") == "\u201d"
    assert char_text("\x96") == "\u2013"
    assert char_text("\x81") == ""  # no character in Windows-1252: dropped
    assert char_text("\u200b") == "" and char_text("\ufeff") == ""
    kept = repair_chars([_char("p", 0), _char("\u200b", 5), _char("r", 6)], DEFAULT)
    assert "".join(c["text"] for c in kept) == "pr"


def test_words_without_space_characters_are_cut_at_their_gaps(tmp_path: Path) -> None:
    path = write_spaceless_pdf(tmp_path / "spaceless.pdf")
    assert _texts(path) == SPACELESS_WORDS
    blocks = read_blocks(parse_pdf(path), ["en", "it"])
    assert [b.text for b in blocks] == [" ".join(SPACELESS_WORDS)]


def test_letters_closer_than_the_lines_spaces_are_one_word(tmp_path: Path) -> None:
    """Words drawn one by one with a space character and a wide (justified) gap after each; one
    word drawn as two pieces (``o`` ``u``) a fifth of the size apart with no space character: one
    word. A number's thin space between digit groups (``10 000``) stays a space."""
    path = tmp_path / "pieces.pdf"
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    size, x = 10.0, 60.0
    writer.canvas.setFont(REGULAR, size)
    width = lambda text: pdfmetrics.stringWidth(text, REGULAR, size)  # noqa: E731
    for piece, after in (("Des ", 3.0), ("néoécritures ", 3.0), ("o", 0.2 * size), ("u ", 3.0),
                         ("des ", 3.0), ("10", 0.17 * size), ("000 ", 3.0), ("textes.", 0.0)):
        writer.canvas.drawString(x, HEIGHT - 100, piece)
        x += width(piece) + after
    writer.save()
    [block] = read_blocks(parse_pdf(path), ["fr", "en"])
    assert block.text == "Des néoécritures ou des 10 000 textes."


def test_letter_spacing_is_no_word_gap(tmp_path: Path) -> None:
    """Gaps between letters well under the spaceless threshold keep the word whole."""
    path = write_spaceless_pdf(tmp_path / "tight.pdf", gap=0.04)
    assert _texts(path) == ["".join(SPACELESS_WORDS)]


LEXICAL = ("An encoder-decoder model reads the text. We train the encoder=\n"
           "decoder on the pre-clinical notes, and it converges rapida-\nmente.")


def test_lexical_hyphen_kept_syllabic_removed_inline_kept(tmp_path: Path) -> None:
    path = tmp_path / "hyphens.pdf"
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    writer.text(LEXICAL, size=10, leading=13)
    writer.save()
    [block] = read_blocks(parse_pdf(path), ["en", "it"])
    assert "the encoder-decoder on" in block.text
    assert "pre-clinical" in block.text
    assert block.text.endswith("rapidamente.")


@pytest.mark.parametrize("languages, markup, kept", [
    # after a digit a hyphen never splits a syllable; ``selective`` forms English compounds
    (["en", "it"], "We fine-tune the T5=\nBase model on the notes written with an ion=\n"
     "selective electrode, then we compare the results.", ["T5-Base", "ion-selective"]),
    # French never breaks a word between two vowels: that hyphen belongs to the word
    (["fr", "en"], "Nous proposons une lecture multi=\néchelle des textes et de leurs "
     "réseaux, puis une comparai-\nson des corpus.", ["multi-échelle", "comparaison"]),
])
def test_line_end_hyphen_kept_by_the_typography_of_its_language(
        tmp_path: Path, languages: list[str], markup: str, kept: list[str]) -> None:
    path = tmp_path / "typography.pdf"
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    writer.text(markup, size=10, leading=13)
    writer.save()
    [block] = read_blocks(parse_pdf(path), languages)
    assert all(f" {word} " in block.text for word in kept), block.text


def test_list_item_opens_a_paragraph_only_after_a_line_that_stops_short(tmp_path: Path) -> None:
    """``stages:`` fills the measure: the items run on in its paragraph; ``follows:`` stops short
    of it: the item under it opens a paragraph of its own."""
    full = "The work has been performed in the following two stages:"
    path = tmp_path / "items.pdf"
    writer = Writer(path)
    width = pdfmetrics.stringWidth(full, REGULAR, 10)
    writer.new_page([Column(60, 60 + width + 1, 80, 800)])
    writer.text(f"{full}\ni) analysis with twenty parameters of the soundings, ii) analysis "
                "with ten new parameters.", size=10, leading=13)
    writer.text("The steps are as follows:\ni) the soundings are read with their parameters "
                "and then compared.", size=10, leading=13)
    writer.save()
    blocks = [b.text for b in read_blocks(parse_pdf(path), ["en", "es"])]
    assert blocks[0].startswith(f"{full} i) analysis with")
    assert blocks[-2:] == ["The steps are as follows:",
                           "i) the soundings are read with their parameters and then compared."]


def test_a_block_whose_last_line_fills_the_measure_has_a_full_end(tmp_path: Path) -> None:
    line = "A line of running text that fills the measure."
    path = tmp_path / "ends.pdf"
    writer = Writer(path)
    writer.new_page([Column(60, 60 + pdfmetrics.stringWidth(line, REGULAR, 10) + 1, 80, 800)])
    writer.text(f"{line}\n{line}", size=10, leading=13, after=13)
    writer.text(f"{line}\nA short last line.", size=10, leading=13)
    writer.save()
    blocks = read_blocks(parse_pdf(path), ["en", "it"])
    assert [b.full_end for b in blocks] == [True, False]


def _sources_of(blocks: list, texts: list[str]) -> list[int]:
    """For each block, the one text it is part of (-1: none, it mixes texts or is something else)."""
    return [next((i for i, text in enumerate(texts) if b.text in text), -1) for b in blocks]


def test_side_column_lines_are_blocks_of_their_own(tmp_path: Path) -> None:
    blocks = read_blocks(parse_pdf(write_side_column_pdf(tmp_path / "side.pdf")), ["pt", "en"])
    texts = [SIDE_TITLE, "RESUMO", SIDE_ABSTRACT, *SIDE_COLUMN]
    assert -1 not in _sources_of(blocks, texts)
    abstract = " ".join(b.text for b in blocks if b.text in SIDE_ABSTRACT)
    assert abstract == SIDE_ABSTRACT


def test_columns_between_rules_over_a_wide_notice(tmp_path: Path) -> None:
    """The rules across the page cut it into bands first: the title column beside the abstract
    stays apart from it although the notice under the rules crosses their gutter."""
    blocks = read_blocks(parse_pdf(write_ruled_abstract_pdf(tmp_path / "ruled.pdf")), ["en", "pt"])
    sources = _sources_of(blocks, ["ABSTRACT", RULED_TITLE, RULED_ABSTRACT, NOTICE])
    assert -1 not in sources
    assert sources == sorted(sources)  # label, title, abstract, notice: in reading order


def test_long_title_in_a_side_column_beside_its_abstract_is_the_title(tmp_path: Path) -> None:
    """Six short lines in the narrow column, under three at the abstract's measure: a title."""
    title = ("The allocation of health care resources in a southern state of the country: a "
             "contribution to a discussion on the funding of public health")
    path = write_ruled_abstract_pdf(tmp_path / "ruled.pdf", title=title)
    blocks = read_blocks(parse_pdf(path), ["pt", "en"])
    [heading] = [b for b in blocks if b.text == title]
    assert len(heading.lines) > 4
    assert heading.role == "title" and heading.lang == "en"
    abstract = " ".join(b.text for b in blocks if b.role == "abstract")
    assert abstract.startswith(f"ABSTRACT {RULED_ABSTRACT}")


def test_narrow_side_column_beside_a_wide_column_is_a_column_of_its_own(tmp_path: Path) -> None:
    """A label and a title in a side column a third of the width, beside an abstract whose lines
    are too wide to count as narrow: the clear gutter between them still parts the columns."""
    title = "Es necesario hacer pruebas clínicas rutinarias antes de la cirugía"
    path = tmp_path / "side.pdf"
    writer = Writer(path)
    writer.new_page([Column(40, 545, 80, 800)])
    writer.start_columns([Column(40, 190, 100, 400)])
    writer.text("RESUMEN", size=9, leading=12, after=10)
    writer.text(title, size=12, leading=14)
    writer.start_columns([Column(205, 545, 100, 400)])
    writer.text(RULED_ABSTRACT, size=9, leading=11)
    writer.save()
    blocks = read_blocks(parse_pdf(path), ["en", "es"])
    assert _sources_of(blocks, ["RESUMEN", title, RULED_ABSTRACT]).count(-1) == 0
    assert " ".join(b.text for b in blocks if b.text in RULED_ABSTRACT) == RULED_ABSTRACT


def test_small_type_at_the_foot_needs_a_footnote_cue(tmp_path: Path) -> None:
    blocks = read_blocks(parse_pdf(write_foot_abstract_pdf(tmp_path / "foot.pdf")), ["en", "pt"])
    roles = {b.text: b.role for b in blocks}
    assert roles[FOOT_ABSTRACT] != "footnote"
    assert roles[FOOT_NOTE] == "footnote"


def test_negative_exponent_stays_with_its_unit(tmp_path: Path) -> None:
    path = tmp_path / "exponent.pdf"
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    writer.text("The flow was 3 L min^{-1} in every test^{4,5} of the series.", size=10,
                leading=13)
    writer.save()
    [block] = read_blocks(parse_pdf(path), ["en", "pt"])
    assert block.text == "The flow was 3 L min-1 in every test of the series."
    assert [mark for _, mark in block.marks] == ["4,5"]


def test_digit_superscript_of_a_lone_symbol_letter_is_its_exponent(tmp_path: Path) -> None:
    """``π²``: a digit raised on a lone Greek letter is an exponent; on a word, a citation."""
    path = tmp_path / "symbol.pdf"
    writer = Writer(path)
    writer.new_page([Column(60, 535, 80, 800)])
    writer.text("The sum converges to π^{2} over six, as in the test^{2} of the series.",
                size=10, leading=13)
    writer.save()
    [block] = read_blocks(parse_pdf(path), ["en", "pt"])
    assert block.text == "The sum converges to π2 over six, as in the test of the series."
    assert [mark for _, mark in block.marks] == ["2"]


@pytest.mark.parametrize("field, value", [
    ("word_gap", 0), ("word_gap", -0.1), ("narrow_share", 1.5), ("small_type", 1.0),
    ("min_column_lines", 0), ("min_column_lines", 2.5), ("indent", "wide"), ("indent", True),
])
def test_params_are_validated(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        LayoutParams(**{field: value})


def test_default_params_are_valid_and_relative() -> None:
    assert LayoutParams() == DEFAULT
    assert LayoutParams(min_gutter=0.5).min_gutter == 0.5


def _char(text: str, x0: float, size: float = 10.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 2.8, "top": 100.0, "bottom": 100.0 + size,
            "size": size, "fontname": "Vera", "upright": True}
