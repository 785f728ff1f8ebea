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
