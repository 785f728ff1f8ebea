"""Start the full-screen app (`repotui` with no subcommand)."""

from __future__ import annotations

import argparse

from repotui.cli.common import make_context


def run_app(args: argparse.Namespace) -> int:
    ctx = make_context(args)
    from repotui.tui.app import RepoApp  # Textual loads only when the app runs

    app = RepoApp(ctx.records_dir, ctx.settings, ctx.config_problems, handle_signals=True)
    app.run()
    return app.return_code or 0
