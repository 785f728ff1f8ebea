"""Personal and corporate names as repositories write them → CSL names.

- Initials written together are separate initials: EPrints' `Chico, RM`, `R.M.`, `R M` become
  `given: R. M.`, the form every CSL style prints right (APA "Chico, R. M.", Vancouver "Chico RM");
  `RM` alone would print as "Chico, R." and "Chico R".
- Particles: a lowercase particle before the family name (`van Beek, Ruud`, `von Elm, E`) is a
  `non-dropping-particle`; one after the given names (`Lagemaat, Louie N. van de`, the form of a
  demoted particle) is a `dropping-particle`. A capitalised one (`De Russis`) is part of the name.
- EPrints' corporate creators with members (`Office of Science and Innovation( inc. Barnett, T`,
  then a lone `)`) become the organisation and the member; a name without a comma is a literal.
"""

from __future__ import annotations

import re
from typing import Any

from repotui.core.text import clean_line

#: Lowercase words that are name particles when they lead a family name or trail the given names.
PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "del", "della", "delle", "dei", "degli", "di", "da", "das", "dos", "du",
    "des", "la", "le", "ten", "ter", "zu", "zum", "zur", "af", "av", "'t", "bin", "ibn",
})
_SUFFIXES = re.compile(r"^(?:jr|sr|jnr|snr|ii|iii|iv|v|vi)\.?$", re.IGNORECASE)
_INITIAL = r"[^\W\d_]"
_MEMBERS = re.compile(r"^(?P<org>.*?)[\s,.]*\(?\s*\binc\.\s+(?P<member>.+)$", re.IGNORECASE)


def _text(value: Any) -> str:
    return clean_line(str(value)) if value is not None else ""


def initials(given: str, family: str = "") -> str:
    """`RM`, `R.M.`, `R M`, `R` → `R. M.`, `R.`; `J-F` → `J.-F.`; other given names unchanged.

    Capitals run together are read as initials only when the family name is not in capitals
    too (then `JOHN` may be a name): up to four letters, or two when both are in capitals.
    """
    text = given.strip()
    if not text:
        return text
    squeezed = re.sub(r"[\s.]+", "", text)
    if re.fullmatch(rf"(?:{_INITIAL}\.?\s*)+", text) and re.search(r"[.\s]", text) and all(
            ch.isupper() for ch in squeezed):
        return " ".join(f"{ch}." for ch in squeezed)  # "R.M.", "R M", "R. M" (already separate)
    if re.fullmatch(rf"{_INITIAL}(?:\.?-{_INITIAL})+\.?", text) and squeezed.replace("-", "").isupper():
        return "-".join(f"{ch}." for ch in squeezed.split("-"))  # "J-F" → "J.-F."
    limit = 2 if family.isupper() else 4
    if re.fullmatch(rf"{_INITIAL}{{1,{limit}}}", text) and text.isupper():
        return " ".join(f"{ch}." for ch in text)
    return re.sub(rf"(?<![^\W\d_])({_INITIAL})\.(?=[^\W\d_]\.)", r"\1. ", text)  # "Anne F.J." → "Anne F. J."


def _leading_particle(family: str) -> tuple[str | None, str]:
    words = family.split()
    lead = []
    while len(words) > 1 and words[0] in PARTICLES:
        lead.append(words.pop(0))
    return (" ".join(lead) or None), " ".join(words)


def _trailing_particle(given: str) -> tuple[str, str | None]:
    words = given.split()
    tail: list[str] = []
    while len(words) > 1 and words[-1] in PARTICLES:
        tail.insert(0, words.pop())
    return " ".join(words), (" ".join(tail) or None)


def person(family: str, given: str = "", suffix: str = "", orcid: str = "") -> dict[str, str] | None:
    """A CSL name from a family and given part, particles split out and initials separated."""
    family, given, suffix = family.strip(" ,"), given.strip(" ,"), suffix.strip(" ,")
    if not (family or given):
        return None
    if not family:
        return {"family": given}
    if "," in given and not suffix:  # "Smith, John, Jr."
        first, _, last = given.rpartition(",")
        if _SUFFIXES.match(last.strip()):
            given, suffix = first.strip(), last.strip()
    non_dropping, family = _leading_particle(family)
    given, dropping = _trailing_particle(given) if given else (given, None)
    out = {"family": family, "given": initials(given, family), "dropping-particle": dropping,
           "non-dropping-particle": non_dropping, "suffix": suffix, "ORCID": orcid}
    return {k: v for k, v in out.items() if v}


def split_name(raw: Any) -> dict[str, str] | None:
    """A CSL name from `Family, Given` (EPrints' `Chico, RM`); a name with no comma is a literal."""
    name = _text(raw).strip()
    if not name or not re.search(r"\w", name):  # a lone ")" left by an EPrints corporate name
        return None
    if name.count("(") < name.count(")"):
        name = name.rstrip(")").strip()
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        if family and given:
            return person(family, given)
        return {"literal": family or given} if " " in (family or given) else {"family": family or given}
    return {"literal": name}


def split_names(values: list[str]) -> list[dict[str, str]]:
    """Every name of a list; an EPrints corporate creator with members (`Org( inc. Family, X`)
    gives the organisation and its member."""
    out: list[dict[str, str]] = []
    for raw in values:
        text = _text(raw)
        members = _MEMBERS.match(text)
        if members:
            org = members.group("org").strip(" ,.(")
            if org:
                out.append({"literal": org})
            text = members.group("member")
        name = split_name(text)
        if name:
            out.append(name)
    return out


def eprints_name(name: dict[str, Any] | None, orcid: Any = None) -> dict[str, str] | None:
    """An EPrints `{family, given, lineage, honourific}` name as a CSL name."""
    if not isinstance(name, dict):
        return None
    family, given = _text(name.get("family")), _text(name.get("given"))
    if not (family or given):
        return None
    return person(family, given, _text(name.get("lineage")), _text(orcid))


def normalise_csl_name(name: dict[str, Any]) -> dict[str, Any]:
    """A CSL name from a CSL source, with run-together initials separated (`given: RM`)."""
    given, family = name.get("given"), name.get("family")
    if isinstance(given, str) and isinstance(family, str) and family:
        return {**name, "given": initials(given, family)}
    return name
