"""Running the command line in-process, as a user's shell would."""

from __future__ import annotations

import pytest

from repotui.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`repotui *argv` through main(): the exit status, then what it printed to stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
