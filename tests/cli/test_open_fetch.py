"""`repotui open` and `repotui fetch` end to end: real records, a real HTTP server, a recording opener."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from repotui.adapters.cache import cache_path, files_dir
from repotui.cli.main import main
from repotui.core.loader import load_records
from tests.helpers.http_server import PDF, Server, serve
from tests.helpers.opener import FakeOpener, fake_opener


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: Server) -> tuple[Path, FakeOpener]:
    """A records folder, a config whose opener records its arguments, and an empty cache."""
    root = tmp_path / "records"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "$(touch pwned);`id`.pdf").write_bytes(PDF)
    (tmp_path / "secret.pdf").write_bytes(PDF)

    def record(name: str, files: str) -> None:
        (root / "sub" / f"{name}.yaml").write_text(f"id: {name}\ntitle: {name}\nfiles:\n{files}")

    record("local", "  - path: \"$(touch pwned);`id`.pdf\"\n    version: VoR\n")
    record("remote", f"  - url: {server.url('/sample.pdf')}\n    version: VoR\n")
    record("multi", f"  - url: {server.url('/slow.pdf')}\n    version: AAM\n"
                    f"  - url: {server.url('/hop/2')}\n    version: VoR\n")
    record("login", f"  - url: {server.url('/login.pdf')}\n")
    record("gone", f"  - url: {server.url('/missing.pdf')}\n")
    record("escape", "  - path: ../../secret.pdf\n")
    record("nofiles", "  []\n")
    opener = fake_opener(tmp_path, "opener")
    config = tmp_path / "config.toml"
    config.write_text(f"opener = {json.dumps(opener.command)}\nmax_download_mb = 1\n")
    monkeypatch.setenv("REPOTUI_CONFIG", str(config))
    monkeypatch.setenv("REPOTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return root, opener


def cached(root: Path, record_id: str, index: int = 0) -> Path | None:
    record = next(r for r in load_records(root).records if r.id == record_id)
    return cache_path(record, index)


def test_open_local_file_passes_its_path_verbatim(setup: tuple[Path, FakeOpener], capsys: pytest.CaptureFixture[str]) -> None:
    root, opener = setup
    assert main(["open", "local", "-r", str(root)]) == 0
    assert opener.arguments() == [str((root / "sub" / "$(touch pwned);`id`.pdf").resolve())]
    assert not list(root.parent.rglob("pwned"))
    assert "opened with opener" in capsys.readouterr().err


def test_open_remote_downloads_then_opens_the_cached_copy(setup: tuple[Path, FakeOpener], server: Server,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root, opener = setup
    target = cached(root, "remote")
    assert target is not None and target.parent == files_dir()
    assert main(["open", "remote", "-r", str(root)]) == 0
    assert target.read_bytes() == PDF
    assert opener.arguments() == [str(target)]
    hits = server.hits.get("/sample.pdf", 0)
    opener.forget()
    assert main(["open", "remote", "-r", str(root)]) == 0  # second time: from the cache, no request
    assert server.hits.get("/sample.pdf", 0) == hits
    assert opener.arguments() == [str(target)]
    assert "using the cached copy" in capsys.readouterr().err


def test_open_picks_the_version_of_record_or_the_given_file(setup: tuple[Path, FakeOpener]) -> None:
    root, _ = setup
    assert main(["open", "multi", "--print", "-r", str(root)]) == 0
    vor, aam = cached(root, "multi", 1), cached(root, "multi", 0)
    assert vor is not None and vor.is_file() and aam is not None and not aam.exists()
    assert main(["open", "multi", "--file", "1", "--print", "-r", str(root)]) == 0
    assert aam.read_bytes() == PDF


@pytest.mark.parametrize(("record_id", "code", "message"), [
    ("login", 1, "the server sent an HTML page, not a PDF"),
    ("gone", 1, "HTTP 404"),
    ("escape", 1, "outside the records folder"),
    ("nofiles", 1, "this record has no files"),
    ("no-such-id", 2, "no record with id 'no-such-id'"),
])
def test_open_failures(setup: tuple[Path, FakeOpener], capsys: pytest.CaptureFixture[str], record_id: str,
                       code: int, message: str) -> None:
    root, opener = setup
    assert main(["open", record_id, "-r", str(root)]) == code
    assert message in capsys.readouterr().err
    assert not opener.ran
    assert not files_dir().exists() or list(files_dir().iterdir()) == []


def test_open_file_number_out_of_range(setup: tuple[Path, FakeOpener], capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = setup
    assert main(["open", "remote", "--file", "5", "-r", str(root)]) == 1
    assert main(["open", "remote", "--file", "0", "-r", str(root)]) == 2
    err = capsys.readouterr().err
    assert "no file number 5" in err and "counts from 1" in err


def test_fetch_given_ids_then_skips_cached(setup: tuple[Path, FakeOpener], capsys: pytest.CaptureFixture[str]) -> None:
    root, opener = setup
    assert main(["fetch", "remote", "multi", "-r", str(root)]) == 0
    out = capsys.readouterr().out
    assert "3 fetched, 0 already cached, 0 failed" in out
    assert "fetched  multi #2" in out
    for record_id, index in (("remote", 0), ("multi", 0), ("multi", 1)):
        path = cached(root, record_id, index)
        assert path is not None and path.read_bytes() == PDF
    assert main(["fetch", "remote", "multi", "-r", str(root)]) == 0
    assert "0 fetched, 3 already cached, 0 failed" in capsys.readouterr().out
    assert not opener.ran  # fetch never opens anything


def test_fetch_all_reports_failures_with_reasons(setup: tuple[Path, FakeOpener],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = setup
    assert main(["fetch", "--all", "-j", "2", "-r", str(root)]) == 1
    out = capsys.readouterr().out
    assert "3 fetched, 0 already cached, 2 failed" in out
    assert "failed   login: the server sent an HTML page, not a PDF" in out
    assert "failed   gone: the server answered HTTP 404 Not Found (not found)" in out
    names = sorted(p.name for p in files_dir().iterdir())
    assert len(names) == 3 and not any(n.endswith(".part") for n in names)


@pytest.mark.parametrize(("argv", "message"), [
    (["fetch"], "give record ids or --all"),
    (["fetch", "remote", "--all"], "give record ids or --all"),
    (["fetch", "remote", "nope"], "no record with id 'nope'"),
    (["fetch", "--all", "-j", "0"], "--jobs must be between 1 and 16"),
])
def test_fetch_usage_errors(setup: tuple[Path, FakeOpener], capsys: pytest.CaptureFixture[str], argv: list[str],
                            message: str) -> None:
    root, _ = setup
    assert main([*argv, "-r", str(root)]) == 2
    assert message in capsys.readouterr().err
    assert not files_dir().exists()


def test_open_and_fetch_are_commands_not_folders(capsys: pytest.CaptureFixture[str]) -> None:
    """`repotui open` must not be taken for `repotui -r open` (a records folder named "open")."""
    for command in ("open", "fetch"):
        with pytest.raises(SystemExit) as exited:
            main([command, "--help"])
        assert exited.value.code == 0
        assert f"usage: repotui {command} " in capsys.readouterr().out


def test_open_with_a_terminal_viewer_runs_it_in_the_foreground(setup: tuple[Path, FakeOpener], tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    root, opener = setup
    config = tmp_path / "config.toml"
    config.write_text(f"opener = {json.dumps(opener.command)}\nopener_terminal = true\n")
    assert main(["open", "local", "-r", str(root)]) == 0
    # Run in the foreground, not detached: it has finished when `open` returns.
    assert opener.ran and opener.arguments(timeout=0) == [str((root / "sub" / "$(touch pwned);`id`.pdf").resolve())]
    assert "shown with opener" in capsys.readouterr().err
