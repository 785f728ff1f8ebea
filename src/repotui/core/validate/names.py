"""CSL names: `{family, given, ...}`, `{literal}` or a plain `"Family, Given"`."""

from __future__ import annotations

from typing import Any

from repotui.core.model import Person
from repotui.core.text import clean_line
from repotui.core.validate.base import FieldReader
from repotui.core.validate.schema import MAX_NAMES


def read_person(r: FieldReader, value: Any, mapping: Any, key: str) -> Person:
    if isinstance(value, str):
        name = clean_line(value)
        if not name:
            raise r.fail(mapping, key, f"{key} has an empty name")
        if "," in name:
            family, first = (p.strip() for p in name.split(",", 1))
            return Person(family=family or None, given=first or None)
        return Person(literal=name)
    if not isinstance(value, dict):
        raise r.fail(mapping, key, f"each {key} must be a name mapping or text")
    fields = {k: r.text(value, k) for k in ("family", "given", "literal", "suffix",
                                             "non-dropping-particle", "dropping-particle")}
    orcid = r.text(value, "ORCID") or r.text(value, "orcid")
    if not (fields["family"] or fields["given"] or fields["literal"]):
        raise r.fail(mapping, key, f"a name in {key} has no family, given or literal part")
    return Person(family=fields["family"], given=fields["given"], literal=fields["literal"],
                  suffix=fields["suffix"], particle=fields["non-dropping-particle"], orcid=orcid,
                  dropping_particle=fields["dropping-particle"])


def read_names(r: FieldReader, data: dict[Any, Any], key: str) -> tuple[Person, ...]:
    value = data.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not isinstance(value, (list, str, dict)):
        raise r.fail(data, key, f"{key} must be a list of names")
    if len(items) > MAX_NAMES:
        r.warn(data, key, f"{key} has {len(items):,} names; only the first {MAX_NAMES:,} are kept")
        items = items[:MAX_NAMES]
    return tuple(read_person(r, item, data, key) for item in items)


def csl_name(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    out = {"family": person.family, "given": person.given, "suffix": person.suffix,
           "dropping-particle": person.dropping_particle, "non-dropping-particle": person.particle}
    return {k: v for k, v in out.items() if v}
