"""Nothing outlives the app or a command, and nothing is left half-done: real processes stopped
with real signals (`kill -9`, SIGTERM, SIGHUP, a closed terminal) in the middle of an index
build, an import, a harvest and a download; `ps` says what is left; the next run carries on."""

from __future__ import annotations

import json
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from repotui.core.loader import load_records
from tests.faults.conftest import (
    MANY,
    assert_gone_within,
    index_files,
    kill_quietly,
    partial_files,
    ps_find,
    run,
    start,
    user_env,
    wait_for_build,
    workers_of,
)
from tests.helpers import http_server, oai_server
from tests.helpers.tmux import tmux_app
from tests.helpers.wait import wait_until

STATUS = {signal.SIGTERM: 143, signal.SIGHUP: 129}


def index_db(home: Path, proc: object = None) -> Path:
    """The index file `repotui` makes under home/cache (there is one per records folder)."""
    return wait_until(lambda: next(iter(index_files(home / "cache")), None), timeout=60, what="the index file")


# -- the index build -----------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_index_command_stopped_mid_build(many_records: Path, tmp_path: Path, signum: signal.Signals) -> None:
    env = user_env(tmp_path)
    proc = start(["index", "-r", str(many_records)], env)
    try:
        db = index_db(tmp_path)
        wait_for_build(db, 400, proc)  # a chunk is committed: there is something to keep
        workers = wait_until(lambda: workers_of(proc.pid), timeout=30, what="worker processes")
        assert len(workers) >= 2  # both cores
        proc.send_signal(signum)
        assert_gone_within([proc.pid, *workers])
        _out, err = proc.communicate(timeout=10)
    finally:
        kill_quietly(proc)
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == STATUS[signum]
        assert "indexing stopped; what was parsed is kept" in err
        assert "Traceback" not in err
    again = run(["index", "-r", str(many_records)], env)
    assert again.returncode == 0, again.stderr
    added = int(again.stdout.split("index updated: ")[1].split(" added")[0].replace(",", ""))
    assert 0 < added < MANY  # the rest only: what the stopped build committed was kept
    assert f"{MANY:,} records" in again.stdout


@pytest.mark.parametrize("command", ["list", "ref"])
def test_query_commands_stopped_mid_build_exit_as_signalled(many_records: Path, tmp_path: Path,
                                                             command: str) -> None:
    """`list` and `ref` build the index through cli/querying.py: SIGTERM ends either with 143."""
    env = user_env(tmp_path)
    proc = start([command, "-r", str(many_records)], env)
    try:
        wait_for_build(index_db(tmp_path), 400, proc)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        kill_quietly(proc)
    assert proc.returncode == STATUS[signal.SIGTERM], err
    assert "Traceback" not in err


@pytest.mark.e2e
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGHUP", "terminal closed"])
def test_app_stopped_mid_build(many_records: Path, tmp_path: Path, how: str) -> None:
    env = user_env(tmp_path)
    marker = str(tmp_path / "cache")  # only this test's app has it in its environment
    with tmux_app(["-r", str(many_records)], size=(120, 36),
                  env={k: v for k, v in env.items() if k.startswith(("REPOTUI_", "TMPDIR"))}) as term:
        term.wait_for("Indexing records", timeout=60)
        app = wait_until(lambda: _app_pid(marker), timeout=30, what="the app's process")
        workers = wait_until(lambda: workers_of(app), timeout=60, what="worker processes")
        if how == "terminal closed":
            term.tmux("kill-session", "-t", term.session)
        else:
            import os

            os.kill(app, getattr(signal, how))
        assert_gone_within([app, *workers])
        if how in ("SIGTERM", "SIGHUP"):
            screen = term.wait_for("[exited]", timeout=10)
            assert "Traceback" not in term.history()
            assert "Indexing" not in screen.split("[exited]")[-1]  # the terminal was given back


def _app_pid(marker: str) -> int | None:
    """The app: a python process running repotui whose environment names this test's cache."""
    for pid in ps_find("bin/repotui -r"):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ and b"python" in Path(f"/proc/{pid}/cmdline").read_bytes():
            return pid
    return None


# -- an import ---------------------------------------------------------------------------------------------


def csl_json(path: Path, count: int) -> Path:
    items = [{"id": f"imp-{i:05d}", "type": "article-journal", "title": f"Imported record number {i}",
              "author": [{"family": "Smith", "given": "Ann"}], "issued": {"date-parts": [[2000 + i % 20]]}}
             for i in range(count)]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_import_stopped_by_a_signal(tmp_path: Path, signum: signal.Signals) -> None:
    env = user_env(tmp_path)
    source = csl_json(tmp_path / "export.json", 3000)
    records = tmp_path / "records"
    proc = start(["import", str(source), "-r", str(records), "--flat"], env)
    try:
        wait_until(lambda: len(list(records.glob("*.yaml"))) >= 50 or proc.poll() is not None, timeout=120,
                   what="the first records written")
        assert proc.poll() is None, "the import finished before it could be stopped"
        proc.send_signal(signum)
        assert_gone_within([proc.pid])
        proc.communicate(timeout=10)
    finally:
        kill_quietly(proc)
    assert proc.returncode == STATUS[signum]
    assert partial_files(records) == []
    written = load_records(records)
    assert written.problems == [] and 50 <= len(written.records) < 3000  # every file written is whole
    again = run(["import", str(source), "-r", str(records), "--flat"], env)
    assert again.returncode == 0, again.stderr
    assert len(load_records(records).records) == 3000  # the next run carried on
    assert partial_files(records) == []


# -- a harvest ------------------------------------------------------------------------------------------------


class _StallingHandler(oai_server._Handler):
    """Serves the first page, then holds every resumption request until `release` is set."""

    reached = threading.Event()
    release = threading.Event()

    def do_GET(self) -> None:
        if "resumptionToken" in self.path:
            type(self).reached.set()
            type(self).release.wait(60)
        super().do_GET()


@contextmanager
def stalling_oai(records: list[oai_server.OaiRecord], page_size: int) -> Iterator[tuple[oai_server.OaiServer, type]]:
    state = oai_server.OaiServer(records, page_size)
    handler = type("Handler", (_StallingHandler,), {"state": state, "reached": threading.Event(),
                                                     "release": threading.Event()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/cgi/oai2"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, handler
    finally:
        handler.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "dspace_oai_dc_ListRecords_cambridge_apollo_2015.xml"


def test_harvest_stopped_by_a_signal(tmp_path: Path) -> None:
    env = user_env(tmp_path)
    records = tmp_path / "records"
    exported = oai_server.records_from_export(EXPORT)
    assert len(exported) > 20
    with stalling_oai(exported, page_size=10) as (server, handler):
        proc = start(["harvest", server.url, "-r", str(records)], env)
        try:
            wait_until(handler.reached.is_set, timeout=60, what="the second page asked for")
            wait_until(lambda: len(list(records.rglob("*.yaml"))) >= 10, timeout=30, what="the first page written")
            proc.send_signal(signal.SIGTERM)
            assert_gone_within([proc.pid])
            proc.communicate(timeout=10)
        finally:
            kill_quietly(proc)
        assert proc.returncode == 143
        assert partial_files(records) == []
        assert load_records(records).problems == []
        first = len(load_records(records).records)
        assert 10 <= first < len(exported)
        handler.release.set()
        again = run(["harvest", server.url, "-r", str(records)], env)
    assert again.returncode == 0, again.stderr
    assert len(load_records(records).records) > first  # picked up: the rest is there now
    assert partial_files(records) == []


# -- a download --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_download_stopped_by_a_signal(tmp_path: Path, signum: signal.Signals) -> None:
    env = user_env(tmp_path)
    records = tmp_path / "records"
    records.mkdir()
    with http_server.serve() as server:
        (records / "dl.yaml").write_text(
            f"id: dl-1\ntitle: A record with a remote PDF\nfiles:\n- url: {server.url('/gate.pdf')}\n"
            "  format: application/pdf\n", encoding="utf-8")
        proc = start(["fetch", "dl-1", "-r", str(records)], env)
        try:
            wait_until(server.gate_reached.is_set, timeout=60, what="half the PDF sent")
            wait_until(lambda: partial_files(tmp_path / "cache"), timeout=10, what="the partial download on disk")
            proc.send_signal(signum)
            assert_gone_within([proc.pid])
            proc.communicate(timeout=10)
        finally:
            server.gate.set()
            kill_quietly(proc)
        assert proc.returncode == STATUS[signum]
        assert partial_files(tmp_path / "cache") == []  # no partial cache file
        assert not list((tmp_path / "cache").rglob("*.pdf"))
        server.gate_reached.clear()
        again = run(["fetch", "dl-1", "-r", str(records)], env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 fetched" in again.stdout
    assert partial_files(tmp_path / "cache") == []


def test_fixtures_are_left_alone(many_records: Path) -> None:
    """The shared generated folder is never changed by these tests (they copy it first)."""
    assert len(list(many_records.rglob("*.yaml"))) == MANY
    assert shutil.which("ps")


@pytest.mark.e2e
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_app_download_stopped_by_a_signal(tmp_path: Path, signum: signal.Signals) -> None:
    """`o` on a remote PDF in the app, the signal while half of it has arrived: the app quits,
    and the cache holds no partial file."""
    import os

    env = user_env(tmp_path)
    records = tmp_path / "records"
    records.mkdir()
    marker = str(tmp_path / "cache")
    with http_server.serve() as server:
        (records / "dl.yaml").write_text(
            f"id: dl-app\ntitle: A remote PDF opened in the app\nfiles:\n- url: {server.url('/gate.pdf')}\n"
            "  format: application/pdf\n", encoding="utf-8")
        private = {k: v for k, v in env.items() if k.startswith(("REPOTUI_", "TMPDIR"))}
        try:
            with tmux_app(["-r", str(records)], size=(120, 36), env=private) as term:
                term.wait_for("1 of 1 records")
                term.send("o")
                wait_until(server.gate_reached.is_set, timeout=60, what="half the PDF sent")
                term.wait_for("Downloading")
                assert partial_files(tmp_path / "cache")
                app = wait_until(lambda: _app_pid(marker), timeout=10, what="the app's process")
                os.kill(app, signum)
                assert_gone_within([app])
                term.wait_for("[exited]", timeout=10)
                assert "Traceback" not in term.history()
        finally:
            server.gate.set()
    assert partial_files(tmp_path / "cache") == []
    assert not list((tmp_path / "cache").rglob("*.pdf"))
