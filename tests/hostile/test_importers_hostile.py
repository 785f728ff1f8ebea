"""Importers on hostile sources: `read_bytes` promises never to raise on bad data. Bombs run in
memory-capped child processes, so a regression fails one test instead of the run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repotui.adapters.importers.base import ImportResult
from repotui.adapters.importers.detect import format_names, read_bytes

CHILD = textwrap.dedent("""
    import resource, sys
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from repotui.adapters.importers.detect import read_bytes
    data = sys.stdin.buffer.read()
    result = read_bytes(data, "hostile", sys.argv[1])
    print(len(result.records), "|".join(str(p) for p in result.problems))
""")

N = 50_000
MERGE_BOMB = b"- &a0 {k0: 1, j0: 2}\n" + b"".join(
    f"- &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}\n".encode() for i in range(1, 30)) + b"- *a29\n"
BILLION_LAUGHS_XML = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">'
                      + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
                                 for i in range(8))
                      + b"]><eprints><eprint><title>&i;</title></eprint></eprints>")

#: 1.3 KB of @string definitions, each twice the one before: the last one is 3 × 2^39 characters
#: (MemoryError, or the machine's memory, before the macro budget).
BIBTEX_STRING_BOMB = "\n".join(['@string{s0 = "lol"}', *(f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 40)),
                                  "@article{k, title = s39, author = {A}, year = 2020}"]).encode()


def import_in_child(fmt: str, data: bytes, memory: int = 1 << 30) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-c", CHILD, fmt, str(memory)], input=data, capture_output=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"child died with {done.returncode}: {done.stderr[-600:].decode(errors='replace')}"
    count, _, problems = done.stdout.decode().strip().partition(" ")
    return int(count), problems


@pytest.mark.skipif(sys.platform == "win32", reason="uses resource limits")
@pytest.mark.parametrize(("fmt", "data", "records", "fragment"), [
    ("csl-json", b"[" * N + b"]" * N, 0, "JSON is nested too deeply"),
    ("csl-json", b'{"a":' * N + b"1" + b"}" * N, 0, "JSON is nested too deeply"),
    ("eprints-xml", b"<?xml version='1.0'?><eprints>" + b"<a>" * N + b"</a>" * N + b"</eprints>", 0,
     "no <eprint> element found"),
    ("oai-pmh", b"<?xml version='1.0'?><OAI-PMH>" + b"<a>" * N + b"</a>" * N + b"</OAI-PMH>", 0, ""),
    ("eprints-xml", BILLION_LAUGHS_XML, 0, "XML refused: EntitiesForbidden"),
    ("bibtex", b"@article{k, title={" + b"{" * N + b"}" * N + b"}}", 1, ""),
    ("bibtex", BIBTEX_STRING_BOMB, 1, "string macros expand to more than"),
    ("ris", b"TY  - JOUR\nTI  - " + b"x" * 3_000_000 + b"\nER  - \n", 1, ""),
    ("csl-yaml", b"- title: x\n  volume: " + b":".join([b"59"] * 3000) + b"\n", 1, ""),
], ids=["json-deep-list", "json-deep-object", "xml-deep", "oai-deep", "xml-billion-laughs", "bibtex-deep-braces",
         "bibtex-string-bomb",
        "ris-3mb-title", "yaml-base60"])  # short ids: the test id lands in the child's environment
def test_bombs_do_not_crash(fmt: str, data: bytes, records: int, fragment: str) -> None:
    count, problems = import_in_child(fmt, data)
    assert count == records
    assert fragment in problems


@pytest.mark.skipif(sys.platform == "win32", reason="uses resource limits")
def test_csl_yaml_deep_nesting() -> None:
    count, problems = import_in_child("csl-yaml", b"- title: x\n  n: " + b"[" * N + b"]" * N + b"\n")
    assert count == 0 and "nest" in problems


@pytest.mark.skipif(sys.platform == "win32", reason="uses resource limits")
def test_csl_yaml_merge_bomb() -> None:
    count, problems = import_in_child("csl-yaml", MERGE_BOMB, memory=400 << 20)  # fails fast unguarded
    # refused by our budget (PyYAML <= 6.0.3), or defused by 6.0.4 (one pair per key): never a crash
    assert (count == 0 and "merge keys" in problems) or count == 31


def test_csl_json_huge_integer() -> None:
    result = read_bytes(b'[{"id": "a", "title": "t", "volume": ' + b"9" * 5000 + b"}]", "x.json", "csl-json")
    assert result.problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(format_names()),
       data=st.binary(max_size=400) | st.lists(st.sampled_from(
           [b"<", b">", b"</", b"<?xml version='1.0'?>", b"<eprint>", b"<title>", b"@article{", b"}", b"{",
            b"TY  - ", b"\nER  - ", b'{"', b'":', b"[", b"]", b"- ", b": ", b"\x1b]0;t\x07", b"&amp;", b"\xff",
            b"x", b"\n", b"title", b"author", b"=", b","]), max_size=60).map(b"".join))
def test_read_bytes_never_raises(fmt: str, data: bytes) -> None:
    result = read_bytes(data, "fuzz", fmt)
    assert isinstance(result, ImportResult)
    for problem in result.problems:
        assert "\x1b" not in str(problem)


def test_a_record_too_big_to_load_is_not_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A 10 MB abstract, or an unknown field nested 150 deep, was imported ("imported 1"), and the
    app and `check` then refused the file (max_record_bytes, the nesting limit): the import must say
    so and write nothing."""
    import json

    from repotui.cli.main import main

    monkeypatch.setenv("REPOTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("REPOTUI_STATE_DIR", str(tmp_path / "state"))
    (tmp_path / "config.toml").write_text("max_record_bytes = 1000000\n", encoding="utf-8")
    source = tmp_path / "big.json"
    deep: object = "x"
    for _ in range(150):
        deep = [deep]
    source.write_text(json.dumps([{"id": "big", "type": "article-journal", "title": "t", "abstract": "word " * 300_000},
                                  {"id": "deep", "type": "article-journal", "title": "t", "custom": deep},
                                  {"id": "small", "type": "article-journal", "title": "fits"}]), encoding="utf-8")
    records = tmp_path / "records"
    assert main(["import", str(source), "-r", str(records), "--flat"]) == 1
    out = capsys.readouterr()
    assert "more than the limit of 1,000,000 (max_record_bytes)" in out.out + out.err
    assert "nested more than 100 levels deep; not written" in out.out + out.err
    assert sorted(p.name for p in records.iterdir()) == ["small.yaml"]
