"""Text cleaning: no control character survives, hidden text is made visible, and every printable
character of the input is kept literally (markup-looking text included)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repotui.core.text import INVISIBLE_MARK, clean_block, clean_line, display_path, fold

#: Any C0 or C1 control (ESC, BEL, CSI 0x9b, OSC 0x9d, NEL 0x85...) and DEL.
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: What clean_* turns into INVISIBLE_MARK.
INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u061c\u180e\ufeff"
                "\u206a\u206b\u206c\u206d\u206e\u206f\ufff9\ufffa\ufffb"
                "\U0001bca0\U0001bca1\U0001bca2\U0001bca3") | {chr(c) for c in range(0x1D173, 0x1D17B)} | {
                chr(0xE0001), *(chr(c) for c in range(0xE0020, 0xE0080))}


@pytest.mark.parametrize(("raw", "expected"), [
    ("\x1b[31mred\x1b[0m", "[31mred [0m"),
    ("OSC 52 \x1b]52;c;cm0gLXJmIH4K\x07 end", "OSC 52 ]52;c;cm0gLXJmIH4K end"),
    ("title \x1b]0;pwned\x07!", "title ]0;pwned !"),
    ("C1 \x9b31m CSI", "C1 31m CSI"),
    ("bell\a back\b del\x7f nul\x00", "bell back del nul"),
    ("line\nbreak\r\nand\rcr", "line break and cr"),
    ("  many   \t spaces \u00a0\u3000 ", "many spaces"),
])
def test_clean_line_drops_every_control(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected


def test_clean_block_keeps_paragraphs_only() -> None:
    raw = "First\x1b[2J line\r\nsecond\x0bline\n\n\n\nnew \x85 paragraph\x0c"
    assert clean_block(raw) == "First [2J line\nsecond line\n\nnew paragraph"


@pytest.mark.parametrize("ch", sorted(INVISIBLE))
def test_invisible_characters_are_made_visible(ch: str) -> None:
    assert clean_line(f"a{ch}b") == f"a{INVISIBLE_MARK}b"
    assert clean_block(f"a{ch}b") == f"a{INVISIBLE_MARK}b"


def test_every_invisible_character_and_only_those_is_marked() -> None:
    # The BMP and the astral blocks that hold format characters (all of Unicode takes seconds).
    codes = [*range(0x20, 0x10000), *range(0x1BC00, 0x1BD00), *range(0x1D100, 0x1D200), *range(0xE0000, 0xE0100)]
    everything = "".join(chr(c) for c in codes if not 0xD800 <= c <= 0xDFFF and chr(c) != INVISIBLE_MARK)
    marked = {ch for ch in everything if clean_line(f"a{ch}b") == f"a{INVISIBLE_MARK}b"}
    assert marked == INVISIBLE


def test_lone_surrogates_from_file_names_are_marked() -> None:
    # os.fsdecode(b"\xff.yaml") gives "\udcff.yaml"; printing that raises UnicodeEncodeError.
    cleaned = clean_line("\udcffname\ud800")
    assert cleaned == f"{INVISIBLE_MARK}name{INVISIBLE_MARK}"
    cleaned.encode("utf-8")


def test_display_path_escapes_without_losing_anything() -> None:
    path = "/r/\x1b]0;pwned\x07 \u202eexe.yaml\U000e0041\x9b\n"
    assert display_path(path) == "/r/\\x1b]0;pwned\\x07 \\u202eexe.yaml\\U000e0041\\x9b\\x0a"
    assert display_path("/r/宽 🧪 é.yaml") == "/r/宽 🧪 é.yaml"
    assert display_path("/r/\udcff.yaml") == "/r/\\udcff.yaml"  # an undecodable byte, printable now


def test_tag_characters_cannot_smuggle_invisible_ascii() -> None:
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "rm -rf")
    assert clean_line(f"Title{hidden}") == "Title" + INVISIBLE_MARK * 6


def test_line_and_paragraph_separators() -> None:
    assert clean_line("one\u2028two\u2029three") == "one two three"
    assert clean_block("one\u2028two\u2029three") == "one\ntwo\nthree"


def test_bidi_override_cannot_reorder_a_file_name() -> None:
    cleaned = clean_line("invoice\u202egnp.exe")
    assert "\u202e" not in cleaned
    assert cleaned == f"invoice{INVISIBLE_MARK}gnp.exe"


@pytest.mark.parametrize("text", [
    "[bold]x[/]", "[/]", "[link=https://evil.example]click[/link]", "[@click=app.quit]quit[/]",
    "$variable ${x} \\[escaped]", "宽字符 🧪 👨‍👩‍👧‍👦 🇬🇧", "Ørsted Müller", "e\u0301te\u0301",
])
def test_printable_text_is_kept_literally(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    # The zero-width joiner inside emoji sequences is shown as the mark: hidden text made visible.
    expected = nfc.replace("\u200d", INVISIBLE_MARK)
    assert clean_line(text) == expected
    assert clean_block(text) == expected


def test_fold_matches_accents_and_case() -> None:
    assert fold("Ørsted") == fold("orsted") == "orsted"
    assert fold("MÜLLER") == "muller"


# -- properties -------------------------------------------------------------------------------

def _printable_kept(raw: str, cleaned: str) -> None:
    """Every printable, non-space character of raw appears in cleaned, in order."""
    wanted = [ch for ch in unicodedata.normalize("NFC", raw)
              if ch.isprintable() and not ch.isspace() and ch not in INVISIBLE]
    got = iter(cleaned)
    for ch in wanted:
        assert any(c == ch for c in got), (ch, raw, cleaned)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_line_property(raw: str) -> None:
    cleaned = clean_line(raw)
    assert not CONTROLS.search(cleaned)
    assert not INVISIBLE.intersection(cleaned)
    assert cleaned == cleaned.strip()
    _printable_kept(raw, cleaned)
    assert clean_line(cleaned) == cleaned  # cleaning is stable


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet="\x1b\x07\x9b\x9d[]0;m\n\r\t ab\u202e"))
def test_clean_block_property(raw: str) -> None:
    cleaned = clean_block(raw)
    assert not CONTROLS.search(cleaned.replace("\n", ""))
    assert "\n\n\n" not in cleaned
    assert not INVISIBLE.intersection(cleaned)
    _printable_kept(raw, cleaned)
    assert clean_block(cleaned) == cleaned
