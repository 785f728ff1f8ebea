"""A safe YAML loader that also remembers where every mapping key was, for error lines, and
a fast one for the common case of a plain, well-formed record.

Built on libyaml's C parser when present (about ten times faster); the constructor is PyYAML's
safe one, so tags such as `!!python/object/apply` are refused, never run.

`load_plain` is the fast path (issue 15): libyaml composes the nodes in C and a tight loop
turns plain mappings, sequences and strings into Python objects, handing every other scalar
(numbers, dates, booleans) to the same safe constructor. It gives up (`NotPlain`) on anything
it does not handle exactly like `load_with_lines` (merge keys, other tags, duplicate or
unhashable keys, a syntax error); the caller then takes the line-tracking path, which also
finds the line numbers for the problems report. Line tracking itself costs little; what the
fast path saves is PyYAML's generator-driven constructor (about 40% of a record's parse).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

if TYPE_CHECKING:  # the pure-Python SafeLoader (no libyaml) has the same methods
    _Base = yaml.CSafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Collections nested deeper than this are refused before they are composed: libyaml's composer
#: recurses in C and kills the whole process (SIGSEGV) somewhere past 20,000 levels, and no record
#: needs more than a handful.
MAX_DEPTH = 100
#: Merge keys (`<<: [*a, *a]`) copy key/value pairs, so nested merges grow exponentially
#: (a 1 KB file took 10 s and 1.5 GB); a mapping may not grow past this many pairs by merging.
MAX_MERGED_PAIRS = 10_000
#: Characters after which `-`, `?` and `:` start a block collection (YAML 1.1 line breaks included).
_BLANKS = " \t\n\r\x85\u2028\u2029"
_INDICATORS = tuple(mark + blank for mark in "-?:" for blank in _BLANKS)


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A key given twice in one mapping: YAML would silently keep the last one."""


class NestingError(yaml.MarkedYAMLError):
    """Collections nested deeper than MAX_DEPTH: junk, or an attack on the parser's stack."""


class MergeBombError(yaml.MarkedYAMLError):
    """Merge keys that would copy more than MAX_MERGED_PAIRS pairs into one mapping."""


def nesting_bound(text: str) -> int:
    """A cheap upper bound on the nesting depth of a YAML text.

    Every level of nesting opens with `[` or `{` (flow) or with a `-`, `?` or `:` indicator
    followed by a blank or line break (block), so their count bounds the depth; aliases and
    tags add no depth when composed. Counting runs in C and costs far less than parsing.
    """
    return text.count("[") + text.count("{") + sum(text.count(s) for s in _INDICATORS) + 2


def _loose_bound(text: str) -> int:
    """A looser bound than `nesting_bound` (any `-`, `?` or `:` counts), ten times quicker:
    single-character counts run at memchr speed; most records pass on this one alone."""
    return text.count("[") + text.count("{") + text.count("-") + text.count("?") + text.count(":") + 2


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise NestingError (with the line) when collections nest deeper than `limit`.

    Only texts whose cheap bound exceeds the limit are parsed to events; libyaml's event parser
    is iterative, so unlike the composer it survives any depth.
    """
    if _loose_bound(text) <= limit or nesting_bound(text) <= limit:
        return
    parser = _Base(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > limit:
                    raise NestingError(None, None, f"collections are nested more than {limit} levels deep",
                                       event.start_mark)  # type: ignore[arg-type]  # libyaml's Mark has the fields the error reads
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        parser.dispose()


class _MergeBudget(_Base):
    """A safe loader whose merge keys may not copy more than MAX_MERGED_PAIRS pairs."""

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """PyYAML's merge-key expansion, refused once a mapping grows past MAX_MERGED_PAIRS."""
        before = len(node.value)
        super().flatten_mapping(node)
        if len(node.value) - before > MAX_MERGED_PAIRS:  # a big mapping without merges is fine
            raise MergeBombError(None, None, f"merge keys (<<) expand to more than {MAX_MERGED_PAIRS:,} fields",
                                 node.start_mark)


class SafeBudgetLoader(_MergeBudget):
    """The plain safe loader with the merge-key budget, for YAML that is not one record
    (importers reading a CSL-YAML list); use with `safe_load_all`."""


class LineLoader(_MergeBudget):
    """Safe loader that records `key_lines[id(mapping)] = {key: line}` (1-based lines)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.key_lines: dict[int, dict[Any, int]] = {}
        self.keep: list[Any] = []  # keeps mappings alive so their ids stay unique

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)  # raises the usual error
        own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
        self.flatten_mapping(node)
        merged = len(node.value) - own  # flatten puts merged pairs first; own keys override them
        mapping: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        own_keys: set[Any] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found an unhashable key", key_node.start_mark) from None
            if index >= merged and key in own_keys:
                raise DuplicateKeyError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {_short(key)!r}", key_node.start_mark)
            if index >= merged:
                own_keys.add(key)
            mapping[key] = self.construct_object(value_node, deep=deep)
            lines[key] = key_node.start_mark.line + 1
        self.key_lines[id(mapping)] = lines
        self.keep.append(mapping)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """An impossible date (`2022-13-45`) stays a string, so validation can name it."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


def _construct_map(loader: LineLoader, node: yaml.MappingNode) -> Any:
    return loader.construct_mapping(node)


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", LineLoader.construct_yaml_timestamp)


def safe_load_all(text: str) -> list[Any]:
    """Every document of a YAML stream, with the same guards as a record: depth checked before
    composing (libyaml's composer segfaults on ~20,000 levels) and the merge-key budget.

    Raises yaml.YAMLError (NestingError, MergeBombError included) on bad input.
    """
    check_depth(text)
    return list(yaml.load_all(text, Loader=SafeBudgetLoader))


def _short(key: Any) -> str:
    """A key for a message; str() of a huge int raises ValueError, so describe it instead."""
    if isinstance(key, int) and key.bit_length() > 1000:
        return "(a huge number)"
    return str(key)[:60]


def load_with_lines(text: str) -> tuple[Any, dict[int, dict[Any, int]], list[Any]]:
    """Parse one document; returns the data, the key-line table and the mappings it refers to.

    Raises a yaml.YAMLError (NestingError for absurd depth) on anything that is not a document.
    """
    check_depth(text)
    loader = LineLoader(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    return data, loader.key_lines, loader.keep


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class NotPlain(Exception):
    """`load_plain` met something only the full loader handles exactly (or reports with lines)."""


def _by_first_character(resolvers: dict[Any, list[tuple[str, Any]]]) -> dict[str, tuple[tuple[str, Any], ...]]:
    """PyYAML's implicit resolvers per first character, with the wildcard ones appended, as
    `BaseResolver.resolve` tries them."""
    wildcard = resolvers.get(None, [])
    return {key: tuple(found + wildcard) for key, found in resolvers.items() if key is not None}


class _Scalars(LineLoader):
    """Constructs the scalars `load_plain` does not read itself, exactly as LineLoader does, and
    resolves implicit tags with less Python per node (the C composer asks for every node)."""

    _first: dict[str, tuple[tuple[str, Any], ...]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """`BaseResolver.resolve` for a loader without path resolvers (the safe loader has none)."""
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self._first.get(value[:1], _NO_RESOLVERS):
                    if regexp.match(value):
                        return str(tag)
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Path resolvers only: there are none."""

    def ascend_resolver(self) -> None:
        """Path resolvers only: there are none."""


_NO_RESOLVERS: tuple[tuple[str, Any], ...] = ()
_Scalars._first = _by_first_character(_Scalars.yaml_implicit_resolvers)


def load_plain(text: str) -> tuple[Any, int]:
    """The document as `load_with_lines(text)[0]` gives it, quicker, and the number of values it
    expands to (what `validate.count_nodes` would count: an alias counts its whole value again
    each time). Raises NotPlain when the text needs the full loader (or has a problem the full
    loader must report with its line)."""
    check_depth(text)  # the C composer recurses: the same guard as the full loader
    loader = _Scalars(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, 1
        counter = [0]
        data = _build(node, loader, {}, {}, counter)
        return data, counter[0]
    except NotPlain:
        raise
    except Exception as exc:  # a syntax error, a bad tag, an unhashable key ...: the full path says which
        raise NotPlain(exc.__class__.__name__) from None
    finally:
        loader.dispose()


#: What an alias of a collection still being built counts as: its value contains itself, so
#: `count_nodes` would never finish counting it (it stops past its budget).
_ENDLESS = 1 << 62


def _build(node: Any, scalars: LineLoader, built: dict[int, Any], sizes: dict[int, int], counter: list[int]) -> Any:
    """Python objects from composed nodes, counting values into `counter[0]`. An alias is the
    same node object: it is built once and shared (as PyYAML does), so alias bombs stay small,
    and it counts as many values as it stands for, so validation still refuses them."""
    cls = node.__class__
    if cls is ScalarNode:
        counter[0] += 1
        return node.value if node.tag == _STR else scalars.construct_object(node)
    key_id = id(node)
    done = built.get(key_id)
    if done is not None:
        counter[0] += sizes.get(key_id, _ENDLESS)
        return done
    start = counter[0]
    counter[0] += 1
    if cls is MappingNode and node.tag == _MAP:
        mapping: dict[Any, Any] = {}
        built[key_id] = mapping
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                key = key_node.value
                counter[0] += 1
            elif key_node.tag == "tag:yaml.org,2002:merge":
                raise NotPlain("merge key")
            else:
                key = _build(key_node, scalars, built, sizes, counter)
            if key in mapping:  # a duplicate (or an unhashable key: TypeError) is the full loader's to report
                raise NotPlain("duplicate key")
            mapping[key] = _build(value_node, scalars, built, sizes, counter)
        sizes[key_id] = counter[0] - start
        return mapping
    if cls is SequenceNode and node.tag == _SEQ:
        items: list[Any] = []
        built[key_id] = items
        items.extend(_build(item, scalars, built, sizes, counter) for item in node.value)
        sizes[key_id] = counter[0] - start
        return items
    raise NotPlain(f"tag {node.tag}")
