"""`repotui cite` and `repotui styles`, in process and through the installed entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
import rispy

from repotui.cli.main import main

REPO = Path(__file__).resolve().parents[2]
RECORDS = REPO / "records"
FIXTURES = REPO / "tests" / "fixtures" / "citation_records"
HOUSE = "Beckerman, Carly E (2022) 'Is there a cyber security dilemma?', Journal of Cybersecurity, 8 (1). tyac012.\n"


def test_cite_seed_house_byte_for_byte(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "dro-37008", "-r", str(RECORDS)]) == 0
    assert capsys.readouterr().out == HOUSE


def test_installed_entry_point(tmp_path: Path) -> None:
    exe = shutil.which("repotui")
    if exe is None:
        pytest.skip("repotui is not installed")
    out = subprocess.run([exe, "cite", "dro-37008", "-r", str(RECORDS)], capture_output=True, timeout=60,
                         cwd=tmp_path, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout == HOUSE.encode("utf-8")


def test_style_and_locale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "article-pages", "-r", str(FIXTURES), "--style", "harvard-cite-them-right",
                 "--locale", "en-US"]) == 0
    assert capsys.readouterr().out == ("García, M.J., Chen, W. and Patel, A. (2015) “Soil carbon under long-term "
                                       "grazing,” Ecology Letters, 18(4), pp. 101–115.\n")


def test_several_ids_make_a_bibliography_in_style_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "book", "thesis", "article-doi", "-r", str(FIXTURES), "--style", "apa"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in lines] == ["Fraser", "Okafor", "Whitfield"]


def test_style_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    house = REPO / "src" / "repotui" / "core" / "citation" / "styles" / "house.csl"
    assert main(["cite", "book", "-r", str(FIXTURES), "--style", str(house)]) == 0
    assert capsys.readouterr().out == \
        "Whitfield, Thomas (2020) The politics of open access. Oxford: Oxford University Press.\n"


@pytest.mark.parametrize(("argv", "needle"), [
    (["cite", "nope", "dro-37008"], "'nope'"),
    (["cite", "dro-37008", "--style", "no-such-style"], "'no-such-style'"),
    (["cite", "dro-37008", "--style", "/nowhere/x.csl"], "'/nowhere/x.csl'"),
    (["cite", "dro-37008", "--locale", "xx_YY;"], "'xx_YY;'"),
])
def test_errors_exit_2_and_name_the_culprit(argv: list[str], needle: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "-r", str(RECORDS)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and needle in captured.err


def test_machine_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "dro-37008", "-r", str(RECORDS), "--format", "bibtex"]) == 0
    library = bibtexparser.parse_string(capsys.readouterr().out)
    assert [e.key for e in library.entries] == ["beckerman2022cyber"]
    assert main(["cite", "dro-37008", "-r", str(RECORDS), "--format", "ris"]) == 0
    assert rispy.loads(capsys.readouterr().out)[0]["doi"] == "10.1093/cybsec/tyac012"
    assert main(["cite", "dro-37008", "-r", str(RECORDS), "--format", "csl-json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["number"] == "tyac012"


def test_styles_lists_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["styles", "cite-them-right"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "harvard-cite-them-right"
    assert "Cite Them Right 12th edition" in lines[0]
    assert main(["styles", "zzqx-nothing"]) == 1
    assert "'zzqx-nothing'" in capsys.readouterr().err


def _pandoc() -> str:
    from repotui.adapters.pandoc import find_pandoc

    exe = find_pandoc()
    if exe is None:
        pytest.skip("pandoc is not installed")
    return exe


def test_in_text_and_narrative(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "dro-37008", "-r", str(RECORDS), "--style", "apa", "--in-text"]) == 0
    assert capsys.readouterr().out == "(Beckerman, 2022)\n"
    assert main(["cite", "dro-37008", "-r", str(RECORDS), "--style", "apa", "--narrative"]) == 0
    assert capsys.readouterr().out == "Beckerman (2022)\n"
    assert main(["cite", "dro-37008", "-r", str(RECORDS), "--style", "apa", "--in-text", "--page", "12-15"]) == 0
    assert capsys.readouterr().out == "(Beckerman, 2022, pp. 12–15)\n"
    assert main(["cite", "book", "thesis", "article-doi", "-r", str(FIXTURES), "--style", "ieee", "--in-text"]) == 0
    assert capsys.readouterr().out == "[1]–[3]\n"
    assert main(["cite", "book", "-r", str(FIXTURES), "--style", "ieee", "--narrative"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "[1]\n" and "has no narrative form" in captured.err
    assert main(["cite", "book", "-r", str(FIXTURES), "--style", "nature", "--in-text", "--format", "html"]) == 0
    assert capsys.readouterr().out == "<sup>1</sup>\n"


def test_html_format_escapes_and_keeps_italics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "book", "article-doi", "-r", str(FIXTURES), "--style", "apa", "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<p>Okafor, N. A. (2019). Measuring river discharge with small drones. "
                          "<i>Journal of Hydrology</i>, <i>570</i>(2), 45–67.")
    assert "<p>Whitfield, T. (2020). <i>The politics of open access</i>. Oxford University Press.</p>" in out


@pytest.mark.parametrize(("argv", "needle"), [
    (["--page", "12"], "--page needs --in-text"),
    (["--to", "docx"], "--to needs -o"),
    (["--force"], "--force needs -o"),
    (["--in-text", "--format", "bibtex"], "--in-text prints text or html"),
    (["--in-text", "--page", "chap. 3"], "not a page locator"),
])
def test_option_errors(argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "dro-37008", "-r", str(RECORDS), "--style", "apa", *argv]) in (1, 2)
    assert needle in capsys.readouterr().err


def test_docx_bibliography_reads_back_with_pandoc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "refs.docx"
    assert main(["cite", "book", "thesis", "article-doi", "-r", str(FIXTURES), "--style", "apa",
                 "-o", str(target)]) == 0
    assert "wrote 3 references" in capsys.readouterr().err
    assert target.read_bytes()[:2] == b"PK"  # a zip container, as docx is
    back = subprocess.run([_pandoc(), "-f", "docx", "-t", "html", "--wrap", "none", str(target)], capture_output=True,
                          timeout=60, check=True).stdout.decode("utf-8")
    assert "References" in back
    assert "Whitfield, T. (2020). <em>The politics of open access</em>. Oxford University Press." in back
    assert "Fraser, I. (2017). <em>Tidal energy and coastal communities</em> [Doctoral dissertation, Durham" in back
    assert back.index("Fraser") < back.index("Okafor") < back.index("Whitfield")  # APA order
    assert not list(tmp_path.glob(".refs.docx.*"))  # no temporary file left behind


def test_existing_file_is_refused_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "refs.html"
    target.write_text("my notes", encoding="utf-8")
    assert main(["cite", "book", "-r", str(FIXTURES), "--style", "apa", "-o", str(target)]) == 2
    assert "already exists; give --force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "my notes"
    assert main(["cite", "book", "-r", str(FIXTURES), "--style", "apa", "-o", str(target), "--force"]) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert '<div class="csl-entry">Whitfield, T. (2020). <i>The politics of open access</i>.' in page


def test_unknown_extension_needs_to(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "book", "-r", str(FIXTURES), "-o", str(tmp_path / "refs.txt")]) == 2
    assert "give --to" in capsys.readouterr().err
    assert main(["cite", "book", "-r", str(FIXTURES), "-o", str(tmp_path / "refs.txt"), "--to", "md"]) == 0
    assert (tmp_path / "refs.txt").read_text(encoding="utf-8").startswith("# References")


def test_markdown_and_odt_keep_record_text_as_text(tmp_path: Path) -> None:
    """A title full of Markdown and HTML syntax stays literal text in every file format."""
    from repotui.adapters.exporters import write_bibliography
    from repotui.core.citation import Segment

    entries = [(Segment("1. *Not* [a](link) <b>x</b> & _y_ "), Segment("Book", italic=True), Segment(".")),
               (Segment("Plain"), Segment("2", script="sup"), Segment("CAPS", small_caps=True))]
    write_bibliography(entries, tmp_path / "r.md")
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert r"1\. \*Not\* \[a\](link) \<b\>x\</b\> & \_y\_ *Book*." in md
    assert "Plain^2^[CAPS]{.smallcaps}" in md
    write_bibliography(entries, tmp_path / "r.odt")
    back = subprocess.run([_pandoc(), "-f", "odt", "-t", "plain", str(tmp_path / "r.odt")], capture_output=True,
                          timeout=60, check=True).stdout.decode("utf-8")
    assert "1. *Not* [a](link) <b>x</b> & _y_ Book." in back


@pytest.mark.parametrize(("suffix", "part"), [("docx", "word/document.xml"), ("odt", "content.xml")])
def test_word_and_opendocument_files_show_the_heading_once(suffix: str, part: str, tmp_path: Path) -> None:
    """What Word or LibreOffice shows: one "References" heading above the entries (the HTML page's
    <title> must not become a second, Title-styled "References" paragraph)."""
    import re
    import zipfile

    target = tmp_path / f"refs.{suffix}"
    assert main(["cite", "book", "article-doi", "-r", str(FIXTURES), "--style", "apa", "-o", str(target)]) == 0
    document = zipfile.ZipFile(target).read(part).decode("utf-8")
    texts = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<(?:w:p|text:p|text:h)\b.*?</(?:w:p|text:p|text:h)>",
                                                            document, re.S)]
    paragraphs = [t.strip() for t in texts if t.strip()]
    assert paragraphs[0] == "References"
    assert paragraphs.count("References") == 1
    assert paragraphs[1].startswith("Okafor, N. A. (2019).")
