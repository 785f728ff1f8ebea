"""The REF report and rows in a real terminal at 80x24 (also with NO_COLOR): R shows the chart,
p switches the policy, enter goes back to the browser on the record, whose REF rows say why."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers.tmux import executable, isolated_env, tmux_app

REF_RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "ref_records"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None or executable() is None,
                       reason="needs tmux and the installed repotui"),
]


@pytest.mark.parametrize("no_color", [False, True])
def test_report_at_80x24_and_enter_goes_to_the_record(no_color: bool, tmp_path: Path) -> None:
    env = isolated_env(tmp_path, **({"NO_COLOR": "1"} if no_color else {}))
    with tmux_app(["-r", str(REF_RECORDS)], size=(80, 24), env=env) as term:
        term.wait_for(" records · ")
        term.send("R")
        screen = term.wait_for("enter shows the record in the browser")
        # The legend names each texture, and the bars use them (the same with and without colour).
        assert "█ compliant  ▓ will become  ▒ cannot tell  ░ not compliant  · out of scope" in screen
        row_2022 = next(line for line in screen.splitlines() if line.strip().startswith("2022 "))
        assert "█" in row_2022 and "░" in row_2022 and re.search(r"1\s+50%", row_2022)
        assert "● REF 2021  ○ REF 2029" in screen
        assert "Tardy" in screen and "r-late-2022: deposited 2022-08-20" in screen
        term.send("p")
        # the heading names the new policy at once ("counting…"); the bars follow when counted
        screen = term.wait_until(lambda s: "○ REF 2021  ● REF 2029" in s and "judged on" in s,
                                 "the REF 2029 report counted")
        row_2019 = next(line for line in screen.splitlines() if line.strip().startswith("2019 "))
        assert "·" in row_2019 and "100%" in row_2019  # published before 2021: out of scope for 2029
        term.send("j")  # the second not-compliant record: the withdrawn one
        term.wait_for("r-withdrawn-2021: first published")
        term.send("Enter")
        term.wait_gone("enter shows the record in the browser")
        screen = term.wait_for("Gil Gone", timeout=10)  # the detail pane shows the withdrawn record
        term.send("tab")  # to the detail pane; scroll down to its REF rows
        seen = screen
        while "REF 2021" not in seen or "not compliant: the record is" not in seen:
            term.send("j")
            screen = term.wait_changed(screen, timeout=20, what="scrolling on to the REF rows")
            seen += screen
        term.send("q")
        term.wait_for("[exited]")
