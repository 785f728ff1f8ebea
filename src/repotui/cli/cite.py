"""`repotui cite ID...`: citations (house style by default, any CSL style) or BibTeX/RIS/CSL-JSON."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail, load, make_context, report_config_problems

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands

HELP = "print the citation of one or more records (several ids: a bibliography)"
FORMATS = ("text", "bibtex", "ris", "csl-json")


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("cite", parents=[parent], help=HELP, description=HELP,
                            epilog="styles: `house` (the repository's own), any name from `repotui styles`, "
                                   "or the path of a .csl file")
    parser.add_argument("ids", nargs="+", metavar="ID", help="record id(s)")
    parser.add_argument("--style", metavar="NAME|PATH", default=None,
                        help="citation style (default: the config's `style`, else house)")
    parser.add_argument("--locale", metavar="LOCALE", default=None,
                        help="locale such as en-GB or en-US (default: the config's `locale`)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from repotui.core.citation import CitationError, Citer, UnknownStyle, check_locale, plain_bibliography

    ctx = make_context(args)
    report_config_problems(ctx)
    style = args.style or ctx.settings.style
    locale = args.locale or ctx.settings.locale
    try:
        check_locale(locale)
    except CitationError as exc:
        return fail(str(exc))
    result = load(ctx)
    by_id = {r.id: r for r in result.records}
    missing = [i for i in args.ids if i not in by_id]
    if missing:
        names = ", ".join(repr(i) for i in missing)
        return fail(f"no record with id {names} in {ctx.records_dir}")
    records = [by_id[i] for i in dict.fromkeys(args.ids)]
    if args.format != "text":
        from repotui.adapters import exporters

        writer = {"bibtex": exporters.to_bibtex, "ris": exporters.to_ris, "csl-json": exporters.to_csl_json}
        sys.stdout.write(writer[args.format](records))
        return EXIT_OK
    from repotui.adapters.pandoc import PandocEngine

    with PandocEngine() as engine:
        citer = Citer(engine)
        try:
            citer.style(style)
            citations = (citer.render(records[0], style, locale) if len(records) == 1
                         else citer.bibliography(records, style, locale))
        except UnknownStyle as exc:
            return fail(str(exc))
        except CitationError as exc:
            return fail(str(exc), EXIT_PROBLEMS)
    items = citations if isinstance(citations, list) else [citations]
    print(plain_bibliography(items))
    return EXIT_OK
