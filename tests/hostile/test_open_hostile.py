"""Opening a hostile record's files: traversal, absolute paths, `~`, shell words and symlinks out
of the folder are refused by the plan, before anything runs; no plan ever raises."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from repotui.core.files import plan_file
from repotui.core.loader import LoadResult, load_records
from tests.helpers import make_hostile


def test_no_hostile_file_plan_raises_or_escapes(hostile_dir: Path, hostile_result: LoadResult,
                                                tmp_path: Path) -> None:
    root = hostile_dir.resolve()
    for record in hostile_result.records:
        for index in [None, *range(len(record.files))]:
            plan = plan_file(record, index, records_root=hostile_dir, cache_folder=tmp_path / "cache")
            if plan.ok and not plan.is_remote:
                assert plan.path is not None and plan.path.resolve().is_relative_to(root), (record.id, plan)
            if plan.is_remote:
                assert plan.url is not None and plan.url.lower().startswith(("http://", "https://"))
                assert plan.path is not None and plan.path.resolve().is_relative_to((tmp_path / "cache").resolve())


def test_traversal_and_shell_words_are_refused(hostile_dir: Path, hostile_result: LoadResult,
                                               tmp_path: Path) -> None:
    def refusals(rid: str) -> list[str | None]:
        record = next(r for r in hostile_result.records if r.id == rid)
        return [plan_file(record, i, records_root=hostile_dir, cache_folder=tmp_path).refused
                for i in range(len(record.files))]

    traversal = refusals("hostile-traversal")
    assert all(traversal), traversal
    assert "points outside the records folder" in traversal[0]  # ../../../../etc/passwd
    assert "points outside the records folder" in traversal[1]  # /etc/shadow
    assert "does not exist" in traversal[2]  # "~/.ssh/id_rsa" is a name, never expanded
    shell = refusals("hostile-shell")
    assert shell[0] is not None and "does not exist" in shell[0]  # "paper; rm -rf ~.pdf" runs nothing
    assert shell[1] is not None and "does not exist" in shell[1]


def test_symlink_out_of_the_records_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(make_hostile.STATIC / "good_markup.yaml", folder / "r.yaml")
    with (folder / "r.yaml").open("a", encoding="utf-8") as handle:
        handle.write("files:\n  - path: paper.pdf\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for you", encoding="utf-8")
    os.symlink(secret, folder / "paper.pdf")
    [record] = load_records(folder).records
    plan = plan_file(record, 0, records_root=folder, cache_folder=tmp_path / "cache")
    assert plan.refused is not None and "points outside the records folder" in plan.refused
