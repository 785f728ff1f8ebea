"""Scalars from YAML that Python itself can choke on: huge integers, and naming a value's type."""

from __future__ import annotations

from typing import Any

#: str() of an int over 4,300 digits raises ValueError (CVE-2020-10735 limit), and YAML 1.1
#: base-60 integers (`59:59:59:...`) reach that size from one short line.
_MAX_INT_BITS = 1000
_KINDS = {"dict": "a mapping", "list": "a list", "bool": "true/false"}


def huge_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _MAX_INT_BITS


def safe_str(value: Any) -> str:
    """str() that never raises: a huge integer becomes a short description of itself, and so
    does a list, set or mapping that holds one (`withdrawn: [59:59:…]`)."""
    if huge_int(value):
        return f"(a number of about {int(value.bit_length() * 0.30103):,} digits)"
    try:
        return str(value)
    except ValueError:  # a huge integer inside: str() of the container reaches it
        return f"({kind_of(value)} holding a number too long to show)"


def kind_of(value: Any) -> str:
    """`a mapping`, `a list`, `true/false`, `int`...: how an error names a value of the wrong type."""
    name = type(value).__name__
    return _KINDS.get(name, name)
