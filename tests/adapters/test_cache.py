"""`plan_open`: each way of opening a file has its own shape, carrying exactly what it needs."""

from __future__ import annotations

from pathlib import Path

from repotui.adapters.cache import LocalFile, Refused, RemoteFile, files_dir, plan_open
from repotui.adapters.config import Settings
from repotui.core.model import FileRef, Record


def test_local_remote_and_refused_plans(tmp_path: Path) -> None:
    root = tmp_path / "records"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4\n")
    aam = FileRef(path="paper.pdf", version="AAM")
    vor = FileRef(url=" https://e.org/x.pdf ", version="VoR")
    record = Record(id="r1", title="T", path=root / "sub" / "r1.yaml",
                    files=(aam, vor, FileRef(path="../../secret.pdf"), FileRef(url="javascript:alert(1)")))
    settings = Settings()

    assert plan_open(record, root, settings, 0) == LocalFile("r1", 0, aam, (root / "sub" / "paper.pdf").resolve())
    remote = plan_open(record, root, settings)  # the main file: the Version of Record
    assert isinstance(remote, RemoteFile) and remote.ok and remote.needs_download
    assert (remote.index, remote.file, remote.url) == (1, vor, "https://e.org/x.pdf")
    assert remote.path.parent == files_dir() and remote.path.suffix == ".pdf"

    remote.path.parent.mkdir(parents=True)
    remote.path.write_bytes(b"%PDF-1.4\n")
    cached = plan_open(record, root, settings, 1)
    assert isinstance(cached, RemoteFile) and cached.cached and not cached.needs_download

    outside = plan_open(record, root, settings, 2)
    assert isinstance(outside, Refused) and not outside.ok and "outside the records folder" in outside.refused
    allowed = plan_open(record, root, Settings(allow_outside_paths=True), 2)
    assert allowed == LocalFile("r1", 2, record.files[2], (tmp_path / "secret.pdf").resolve())
    assert plan_open(record, root, settings, 3) == Refused(
        "r1", 3, "only http and https links are allowed, not javascript:; refused", record.files[3])
    assert plan_open(record, root, settings, 7) == Refused("r1", 7, "this record has no file number 8")
    assert plan_open(Record(id="bare", title="T", path=root / "bare.yaml"), root, settings) == Refused(
        "bare", None, "this record has no files")
