"""The citation keys over every hostile record at once: mark them all, copy the in-text cluster,
the narrative form and the bibliography, export it to a file. Nothing raises, no control character
reaches the clipboard, a toast or the file, and the app keeps running."""

from __future__ import annotations

from pathlib import Path

import pytest

from repotui.adapters.config import Settings
from repotui.tui.app import RepoApp
from repotui.tui.screens.copy_fallback import CopyFallback
from repotui.tui.screens.export_bibliography import ExportBibliography
from repotui.tui.widgets.record_list import RecordList
from tests.helpers.hostile import CONTROL
from tests.helpers.pilot import SIZE, until, wait_loaded

pytestmark = pytest.mark.usefixtures("no_display")


def clean(text: str) -> bool:
    return not CONTROL.search(text.replace("\n", ""))


@pytest.mark.parametrize("style", ["apa", "ieee"])
async def test_cite_keys_on_every_hostile_record(hostile_dir: Path, tmp_path: Path, style: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = RepoApp(hostile_dir, Settings(style=style, max_field_chars=20_000))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        record_list = app.query_one(RecordList)
        for _ in record_list.ids:
            await pilot.press("space")
        assert len(record_list.marked) == len(record_list.ids) >= 20
        for key, kind in (("C", "in-text citation of"), ("N", "citation of"), ("c", "bibliography of")):
            app.copy_to_clipboard("")
            await pilot.press(key)
            await until(pilot, lambda kind=kind: any(kind in n.message for n in app._notifications
                                                     if n.message.startswith("Copied")))
            await until(pilot, lambda: isinstance(app.screen, CopyFallback))
            assert app.clipboard and clean(app.clipboard), key
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.browser)
            app._notifications.clear()
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportBibliography))
        await pilot.press(*"all.html", "enter")
        await until(pilot, lambda: (tmp_path / "all.html").exists() and app.screen is app.browser)
        assert all(clean(n.message) for n in app._notifications)
        assert app.is_running
    page = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert clean(page) and page.count('<div class="csl-entry">') >= 20
