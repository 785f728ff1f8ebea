"""Choosing a record's main file, and refusing hostile paths and links."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from repotui.core.files import (
    OpenPlan,
    Refused,
    cache_name,
    content_problem,
    file_summary,
    main_file_index,
    plan_file,
    resolve_local,
    url_problem,
)
from repotui.core.model import DateKind, FileRef, PartialDate, Record
from repotui.core.ref import files_embargoes


def rec(*files: FileRef, id: str = "r1", path: Path = Path("/nowhere/r1.yaml")) -> Record:
    return Record(id=id, title="T", path=path, files=files)


# --- main file ------------------------------------------------------------------------------

def test_vor_pdf_wins_over_earlier_files() -> None:
    record = rec(FileRef(path="a.pdf", version="SMUR"), FileRef(path="b.pdf", version="AAM"),
                 FileRef(path="c.pdf", version="VoR"))
    assert main_file_index(record) == 2


def test_vor_that_is_not_a_pdf_loses_to_a_manuscript() -> None:
    record = rec(FileRef(path="a.docx", format="application/msword", version="VoR"),
                 FileRef(path="b.pdf", version="AAM"))
    assert main_file_index(record) == 1


def test_first_file_when_no_version_matches() -> None:
    assert main_file_index(rec(FileRef(path="a.pdf"), FileRef(path="b.pdf", version="SMUR"))) == 0


def test_withdrawn_files_are_passed_over_unless_nothing_else() -> None:
    assert main_file_index(rec(FileRef(path="a.pdf", version="VoR", withdrawn=True),
                               FileRef(path="b.pdf"))) == 1
    assert main_file_index(rec(FileRef(path="a.pdf", withdrawn=True))) == 0


def test_no_files_no_main_file() -> None:
    assert main_file_index(rec()) is None
    plan = plan_file(rec(), None, records_root=Path("/x"), cache_folder=Path("/c"))
    assert not plan.ok and plan.refused == "this record has no files"


def test_file_summary_is_one_plain_line() -> None:
    line = file_summary(FileRef(url="https://e.org/x.pdf", version="VoR", size=371712))
    assert line == "PDF · Version of Record · 363 KB · remote"
    assert file_summary(FileRef(url="https://e.org/x.pdf"), cached=True) == "PDF · remote, cached"
    assert file_summary(FileRef(path="x.epub", format="application/epub+zip", label="Book", withdrawn=True)) == (
        "Book · EPUB · local · withdrawn")


# --- URLs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)", "data:text/html,<script>",
    "file:///etc/passwd", "ftp://example.org/x.pdf", "mailto:a@b.c", "//example.org/x.pdf",
    "example.org/x.pdf", "https://", "http:///x.pdf", "java\tscript:alert(1)", "https://e.org/\x1b[31m",
    "https:\\\\evil.example\\x.pdf", "", "   ",
])
def test_hostile_links_are_refused(url: str) -> None:
    assert url_problem(url) is not None


@pytest.mark.parametrize("url", [
    "https://dro.dur.ac.uk/37008/1/37008.pdf", "http://127.0.0.1:8000/a%20b.pdf",
    "HTTPS://EXAMPLE.ORG/X.PDF", "https://e.org/$(rm -rf ~);`id`.pdf",
])
def test_plain_web_links_pass(url: str) -> None:
    assert url_problem(url) is None
    assert url_problem(f" {url} ") is None  # surrounding blanks are not part of the link


def test_refusal_names_the_scheme() -> None:
    assert "not javascript:" in (url_problem("javascript:alert(1)") or "")
    assert "not ftp:" in (url_problem("ftp://e.org/x") or "")


# --- local paths -----------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """records/ with records/sub/r.yaml and a PDF beside it; secret.pdf outside records/."""
    root = tmp_path / "records"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "r.yaml").write_text("title: T\n")
    (root / "sub" / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "top.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret\n")
    return root, root / "sub" / "r.yaml"


def test_path_is_relative_to_the_record_file(tree: tuple[Path, Path]) -> None:
    root, record_file = tree
    assert resolve_local("paper.pdf", record_file, root) == (root / "sub" / "paper.pdf").resolve()
    assert resolve_local("../top.pdf", record_file, root) == (root / "top.pdf").resolve()


@pytest.mark.parametrize("path", ["../../secret.pdf", "../../../../../../etc/passwd", "/etc/passwd"])
def test_escaping_paths_are_refused(tree: tuple[Path, Path], path: str) -> None:
    root, record_file = tree
    with pytest.raises(Refused, match="outside the records folder"):
        resolve_local(path, record_file, root)


def test_absolute_path_outside_is_refused_but_allowed_by_config(tree: tuple[Path, Path]) -> None:
    root, record_file = tree
    secret = str(root.parent / "secret.pdf")
    with pytest.raises(Refused, match="outside"):
        resolve_local(secret, record_file, root)
    assert resolve_local(secret, record_file, root, allow_outside=True) == Path(secret).resolve()


def test_absolute_path_inside_is_fine(tree: tuple[Path, Path]) -> None:
    root, record_file = tree
    assert resolve_local(str(root / "top.pdf"), record_file, root) == (root / "top.pdf").resolve()


def test_symlink_pointing_out_is_refused(tree: tuple[Path, Path]) -> None:
    root, record_file = tree
    (root / "sub" / "link.pdf").symlink_to(root.parent / "secret.pdf")
    os.symlink(root.parent, root / "sub" / "up")
    with pytest.raises(Refused, match="outside"):
        resolve_local("link.pdf", record_file, root)
    with pytest.raises(Refused, match="outside"):
        resolve_local("up/secret.pdf", record_file, root)


def test_symlink_inside_is_followed(tree: tuple[Path, Path]) -> None:
    root, record_file = tree
    (root / "sub" / "alias.pdf").symlink_to(root / "top.pdf")
    assert resolve_local("alias.pdf", record_file, root) == (root / "top.pdf").resolve()


def test_records_root_given_through_a_symlink_still_contains_its_files(tree: tuple[Path, Path]) -> None:
    root, _ = tree
    link = root.parent / "records-link"
    link.symlink_to(root)
    assert resolve_local("paper.pdf", link / "sub" / "r.yaml", link) == (root / "sub" / "paper.pdf").resolve()


@pytest.mark.parametrize("name", ["$(rm -rf ~).pdf", "a;b.pdf", "`id`.pdf", "~/x.pdf", "a b|c&d.pdf",
                                  "-rf.pdf", "'quote\".pdf"])
def test_shell_metacharacters_are_just_characters(tree: tuple[Path, Path], name: str) -> None:
    root, record_file = tree
    target = root / "sub" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"%PDF-1.4\n")
    assert resolve_local(name, record_file, root) == target.resolve()


def test_missing_folder_nul_and_empty_paths_are_refused(tree: tuple[Path, Path]) -> None:
    root, record_file = tree
    with pytest.raises(Refused, match="does not exist"):
        resolve_local("nope.pdf", record_file, root)
    with pytest.raises(Refused, match="not a regular file"):
        resolve_local(".", record_file, root)
    for bad in ("", "a\x00b.pdf"):
        with pytest.raises(Refused, match="NUL"):
            resolve_local(bad, record_file, root)


def test_plan_for_local_and_remote_files(tree: tuple[Path, Path], tmp_path: Path) -> None:
    root, record_file = tree
    cache = tmp_path / "cache"
    record = rec(FileRef(path="paper.pdf", version="AAM"),
                 FileRef(url="https://e.org/x.pdf", version="VoR"),
                 FileRef(path="../../secret.pdf"), id="r/1", path=record_file)
    local = plan_file(record, 0, records_root=root, cache_folder=cache)
    assert local.ok and local.path == (root / "sub" / "paper.pdf").resolve() and not local.needs_download
    remote = plan_file(record, None, records_root=root, cache_folder=cache)
    assert remote.index == 1 and remote.needs_download and remote.url == "https://e.org/x.pdf"
    assert remote.path is not None and remote.path.parent == cache and remote.path.suffix == ".pdf"
    refused = plan_file(record, 2, records_root=root, cache_folder=cache)
    assert not refused.ok and "outside" in (refused.refused or "")
    assert plan_file(record, 7, records_root=root, cache_folder=cache).refused == "this record has no file number 8"
    cache.mkdir()
    remote.path.write_bytes(b"%PDF-")
    cached = plan_file(record, 1, records_root=root, cache_folder=cache)
    assert cached.cached and cached.ok and not cached.needs_download


def test_plan_refuses_a_hostile_url_that_slipped_past_validation() -> None:
    plan = plan_file(rec(FileRef(url="javascript:alert(1)")), 0, records_root=Path("/r"),
                     cache_folder=Path("/c"))
    assert plan == OpenPlan("r1", 0, FileRef(url="javascript:alert(1)"),
                            refused="only http and https links are allowed, not javascript:; refused")


# --- cache names and content -------------------------------------------------------------------

def test_cache_name_uses_plain_ids() -> None:
    name = cache_name("dro-37008", 1, "https://e.org/37008.pdf")
    assert name.startswith("dro-37008-2-") and name.endswith(".pdf")


@pytest.mark.parametrize("record_id", ["../../etc/passwd", "a/b", "$(rm -rf ~)", "x" * 300, ".hidden",
                                       "con.txt", "a\\b", "é", "-rf"])
def test_cache_name_hashes_unsafe_ids(record_id: str) -> None:
    name = cache_name(record_id, 0, "https://e.org/x.pdf")
    assert name.startswith("id-") and len(name) < 60
    assert "/" not in name and "\\" not in name and ".." not in name


def test_cache_name_ignores_url_path_but_changes_with_the_url() -> None:
    a = cache_name("r", 0, "https://e.org/../../evil.sh")
    b = cache_name("r", 0, "https://e.org/other.pdf")
    assert "evil" not in a and a != b and a.endswith(".pdf")
    assert cache_name("r", 0, "https://e.org/x", "application/x-unknown").endswith(".bin")


@pytest.mark.parametrize(("head", "expected"), [
    (b"%PDF-1.7\n...", None),
    (b"\n  %PDF-1.4", None),
    (b"<!DOCTYPE html><html>", "the server sent an HTML page, not a PDF"),
    (b"\xef\xbb\xbf  <html lang=en>", "the server sent an HTML page, not a PDF"),
    (b"", "the server sent an empty file, not a PDF"),
    (b"GIF89a", "the server sent something that is not a PDF (it does not start with %PDF-)"),
])
def test_pdf_content_check(head: bytes, expected: str | None) -> None:
    assert content_problem(head) == expected


def test_other_formats_are_checked_by_magic_or_refused_as_html() -> None:
    assert content_problem(b"PK\x03\x04", "application/epub+zip") is None
    assert content_problem(b"<html>", "application/epub+zip") == "the server sent an HTML page, not a EPUB file"
    assert content_problem(b"plain text", "text/plain") is None
    assert content_problem(b"<!doctype html>", "text/plain") == "the server sent an HTML page, not text/plain"
    assert content_problem(b"<!doctype html>", "text/html") is None


# --- embargoes (issue 12): `o` on an embargoed remote file says so instead of downloading ---------

DAY = dt.date(2026, 12, 1)


def embargoed(*files: FileRef, embargo_end: PartialDate | None = None) -> Record:
    dates = ((DateKind.EMBARGO_END, embargo_end),) if embargo_end else ()
    return Record(id="e1", title="T", path=Path("/nowhere/e1.yaml"), files=files, dates=dates)


def test_an_embargoed_remote_file_is_refused_with_the_date(tmp_path: Path) -> None:
    record = embargoed(FileRef(url="https://e.org/aam.pdf", version="AAM", embargo=PartialDate(2027, 5, 15)))
    plan = plan_file(record, None, records_root=tmp_path, cache_folder=tmp_path / "c", as_of=DAY)
    assert not plan.ok and plan.url is None
    assert plan.refused == ("this file is embargoed until 15 May 2027 (165 days); the repository does not "
                            "release it before then, so there is nothing to download")
    # The day it opens, it downloads.
    opened = plan_file(record, None, records_root=tmp_path, cache_folder=tmp_path / "c",
                       as_of=dt.date(2027, 5, 15))
    assert opened.ok and opened.needs_download


def test_an_embargo_does_not_stop_a_cached_copy_or_a_local_file(tmp_path: Path) -> None:
    remote = FileRef(url="https://e.org/aam.pdf", version="AAM", embargo=PartialDate(2027, 5, 15))
    record = embargoed(remote)
    cache = tmp_path / "c"
    cache.mkdir()
    (cache / cache_name("e1", 0, remote.url or "", remote.format)).write_bytes(b"%PDF-1.4")
    plan = plan_file(record, None, records_root=tmp_path, cache_folder=cache, as_of=DAY)
    assert plan.ok and plan.cached
    (tmp_path / "aam.pdf").write_bytes(b"%PDF-1.4")
    local = Record(id="e2", title="T", path=tmp_path / "e2.yaml",
                   files=(FileRef(path="aam.pdf", embargo=PartialDate(2027, 5, 15)),))
    assert plan_file(local, None, records_root=tmp_path, cache_folder=cache, as_of=DAY).ok  # the staff's copy


def test_the_record_embargo_covers_files_without_their_own(tmp_path: Path) -> None:
    record = embargoed(FileRef(url="https://e.org/aam.pdf"), embargo_end=PartialDate(2027, 1))
    plan = plan_file(record, None, records_root=tmp_path, cache_folder=tmp_path, as_of=DAY)
    assert plan.refused is not None and plan.refused.startswith(
        "this file is embargoed until January 2027 (about 61 days)")
    # A file with its own (ended) embargo date is judged by it, not by the record's.
    record = embargoed(FileRef(url="https://e.org/aam.pdf", embargo=PartialDate(2026, 1, 1)),
                       embargo_end=PartialDate(2027, 1))
    assert plan_file(record, None, records_root=tmp_path, cache_folder=tmp_path, as_of=DAY).ok


def test_file_summary_names_a_running_embargo() -> None:
    file = FileRef(url="https://e.org/x.pdf", version="AAM", embargo=PartialDate(2027, 5, 15))
    [embargo] = files_embargoes(embargoed(file), DAY)
    assert file_summary(file, embargo=embargo) == (
        "PDF · Accepted Manuscript · remote · embargoed until 15 May 2027 (165 days)")
