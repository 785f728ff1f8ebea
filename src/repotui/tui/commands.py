"""Command palette entries (ctrl+p) of the browser. Each one runs an action of the screen the
palette was opened from, the same action a key runs, so a command and its key cannot drift apart."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

from repotui.core.sorting import SortField


class CiteCommands(Provider):
    """Citation style and copying."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in (
            ("Choose citation style", "pick_style", "Pick from every bundled CSL style"),
            ("Copy citation", "copy_citation", "The highlighted (or marked) records"),
            ("Copy in-text citation", "copy_in_text", "(Beckerman, 2022) or [1]: highlighted or marked records"),
            ("Copy narrative citation", "copy_narrative", "Beckerman (2022), where the style has one"),
            ("Export bibliography…", "export_bibliography", "Write the marked (or highlighted) records "
             "to a docx, odt, html or md file"),
            ("Copy BibTeX", "copy_bibtex", "The highlighted (or marked) records"),
        ):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.screen.run_action, action), help=help_text)


class SortCommands(Provider):
    """One entry per sort order, and its reverse."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for field in SortField:
            for reverse in (False, True):
                direction = ("oldest first" if field.newest_first else "Z→A") if reverse else (
                    "newest first" if field.newest_first else "A→Z")
                text = f"Sort by {field.label} ({direction})"
                score = matcher.match(text)
                if score > 0:
                    action = f"sort({field.value!r}, {reverse})"
                    yield Hit(score, matcher.highlight(text), partial(self.screen.run_action, action),
                              help="Reorder the list")


class RefCommands(Provider):
    """The REF open-access report (issue 12)."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        text = "REF open-access report"
        score = matcher.match(text)
        if score > 0:
            yield Hit(score, matcher.highlight(text), partial(self.screen.run_action, "ref_report"),
                      help="Verdicts per year for the records listed (REF 2021 or 2029), and those not compliant")
