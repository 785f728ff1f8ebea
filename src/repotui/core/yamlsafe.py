"""A safe YAML loader that also remembers where every mapping key was, for error lines.

Built on libyaml's C parser when present (about ten times faster); the constructor is PyYAML's
safe one, so tags such as `!!python/object/apply` are refused, never run.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A key given twice in one mapping: YAML would silently keep the last one."""


class LineLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that records `key_lines[id(mapping)] = {key: line}` (1-based lines)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.key_lines: dict[int, dict[Any, int]] = {}
        self.keep: list[Any] = []  # keeps mappings alive so their ids stay unique

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)  # raises the usual error
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found an unhashable key", key_node.start_mark) from None
            if key in mapping:
                raise DuplicateKeyError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {str(key)[:60]!r}", key_node.start_mark)
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


def load_with_lines(text: str) -> tuple[Any, dict[int, dict[Any, int]], list[Any]]:
    """Parse one document; returns the data, the key-line table and the mappings it refers to."""
    loader = LineLoader(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    return data, loader.key_lines, loader.keep


def is_date(value: Any) -> bool:
    return isinstance(value, (_dt.date, _dt.datetime))
