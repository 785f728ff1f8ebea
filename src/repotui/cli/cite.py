"""`repotui cite ID...`: citations (house style by default, any CSL style), in-text citations,
bibliography files (HTML, Markdown, docx, odt) or BibTeX/RIS/CSL-JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail, load, make_context, report_config_problems

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands
    from repotui.core.citation import Citation, Citer
    from repotui.core.model import Record

HELP = "print the citation of one or more records (several ids: a bibliography)"
FORMATS = ("text", "html", "bibtex", "ris", "csl-json")
FILE_FORMATS = ("html", "md", "docx", "odt")
EPILOG = """\
styles: `house` (the repository's own), any name from `repotui styles`, or the path of a .csl file.

examples:
  repotui cite dro-37008                          the house citation
  repotui cite dro-37008 --style apa --in-text    (Beckerman, 2022)
  repotui cite dro-37008 --style apa --narrative  Beckerman (2022)
  repotui cite dro-37008 --style apa --in-text --page 12
  repotui cite ID1 ID2 --style ieee -o refs.docx  a Word bibliography (--to if the name has no extension)

An existing output file is never replaced unless --force is given; files are written atomically."""


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("cite", parents=[parent], help=HELP, description=HELP, epilog=EPILOG,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="+", metavar="ID", help="record id(s)")
    parser.add_argument("--style", metavar="NAME|PATH", default=None,
                        help="citation style (default: the config's `style`, else house)")
    parser.add_argument("--locale", metavar="LOCALE", default=None,
                        help="locale such as en-GB or en-US (default: the config's `locale`)")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format on stdout (default: text; html: the rich-text flavour)")
    in_text = parser.add_argument_group("in-text citations")
    in_text.add_argument("--in-text", action="store_true",
                         help="the citation in the running text: (Beckerman, 2022), [1]; several ids: one citation")
    in_text.add_argument("--narrative", action="store_true",
                         help="the narrative form, Beckerman (2022) (implies --in-text; author-date styles)")
    in_text.add_argument("--page", metavar="PAGES", default=None,
                         help="page locator for --in-text with one id, e.g. 12 or 12-15")
    files = parser.add_argument_group("bibliography files")
    files.add_argument("-o", "--output", metavar="FILE", type=Path, default=None,
                       help="write a formatted bibliography to FILE (format from --to or the extension)")
    files.add_argument("--to", choices=FILE_FORMATS, default=None, help="file format: html, md, docx or odt")
    files.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(func=run)


def _check(args: argparse.Namespace) -> str | None:
    """Option combinations that make no sense, named."""
    in_text = args.in_text or args.narrative
    if args.page is not None and not in_text:
        return "--page needs --in-text"
    if args.page is not None and len(dict.fromkeys(args.ids)) != 1:
        return "--page needs exactly one id"
    if args.to and args.output is None:
        return "--to needs -o FILE"
    if args.output is not None and (in_text or args.format != "text"):
        return "-o writes a formatted bibliography: not with --in-text or --format"
    if args.force and args.output is None:
        return "--force needs -o FILE"
    if in_text and args.format not in ("text", "html"):
        return f"--in-text prints text or html, not {args.format}"
    return None


def run(args: argparse.Namespace) -> int:
    from repotui.core.citation import CitationError, UnknownStyle, check_locale

    problem = _check(args)
    if problem:
        return fail(problem)
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
    if args.format in ("bibtex", "ris", "csl-json"):
        from repotui.adapters import exporters

        writer = {"bibtex": exporters.to_bibtex, "ris": exporters.to_ris, "csl-json": exporters.to_csl_json}
        sys.stdout.write(writer[args.format](records))
        return EXIT_OK
    from repotui.adapters.pandoc import PandocEngine
    from repotui.core.citation import Citer

    with PandocEngine() as engine:
        citer = Citer(engine)
        try:
            citer.style(style)
            return _render(args, citer, records, style, locale)
        except UnknownStyle as exc:
            return fail(str(exc))
        except CitationError as exc:
            return fail(str(exc), EXIT_PROBLEMS)


def _render(args: argparse.Namespace, citer: Citer, records: list[Record], style: str, locale: str | None) -> int:
    from repotui.core.citation import CiteItem, html_bibliography, plain_bibliography

    if args.in_text or args.narrative:
        items: list[Record | CiteItem] = [CiteItem(records[0], args.page)] if args.page is not None \
            else list(records)
        cited = citer.in_text(items, style, locale, narrative=args.narrative)
        if args.narrative and not cited.narrative:
            print(f"repotui: {citer.style(style).title} has no narrative form; printing its in-text citation",
                  file=sys.stderr)
        print(cited.html if args.format == "html" else cited.text)
        return EXIT_OK
    citations = [citer.render(records[0], style, locale)] if len(records) == 1 \
        else citer.bibliography(records, style, locale)
    if args.output is not None:
        return _write_file(args, citations)
    print(html_bibliography(citations) if args.format == "html" else plain_bibliography(citations))
    return EXIT_OK


def _write_file(args: argparse.Namespace, citations: list[Citation]) -> int:
    from repotui.adapters.exporters import ExportError, format_for_path, write_bibliography
    from repotui.adapters.fs import FileExistsRefused
    from repotui.core.text import display_path

    if args.output.is_dir():  # not a file --force could replace: say so before "already exists"
        return fail(f"{display_path(args.output)} is a folder: give the name of a file in it")
    if args.to is None and format_for_path(args.output) is None:
        return fail(f"cannot tell the format from {args.output.name!r}: give --to html, md, docx or odt")
    try:
        fmt = write_bibliography([c.segments for c in citations], args.output, args.to, overwrite=args.force)
    except FileExistsRefused:
        return fail(f"{args.output} already exists; give --force to replace it")
    except ExportError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    except OSError as exc:
        return fail(f"cannot write {args.output}: {exc.strerror or exc}", EXIT_PROBLEMS)
    print(f"wrote {len(citations)} reference{'s' if len(citations) != 1 else ''} to {args.output} ({fmt})",
          file=sys.stderr)
    return EXIT_OK
