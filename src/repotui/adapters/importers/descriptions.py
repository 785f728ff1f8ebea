"""Which of several descriptions is the abstract.

DSpace exports `dc.description` (a provenance note: "This is the final version of the
article…"), `dc.description.abstract` and `dc.description.sponsorship` (a funding statement)
all as `dc:description`, in that order but unmarked. The abstract is the longest description
that is neither a provenance note nor a statement of funding or thanks; the others are kept,
in order, as the record's `note`. Taking the longest of all picked funding text for records
whose acknowledgements outrun their abstract.
"""

from __future__ import annotations

import re

_PROVENANCE = re.compile(
    r"^(?:This (?:is (?:the|an?)|work|version|record|article|paper|item)\b.{0,80}?\b(?:version|manuscript|"
    r"pre-?print|post-?print|published|publication|appeared|available|embargo|updated)|This is the\b|The (?:final|published|accepted)"
    r" version|It first appeared|Published (?:version|in|by)|Copyright|©|\(c\)\s|Originally published|"
    r"Peer reviewed|Author'?s? (?:accepted|final|original)|Accepted (?:for publication|manuscript)|"
    r"Reproduced (?:with|by)|Made available)", re.IGNORECASE)
#: Words a funding statement or acknowledgement opens with, in its first sentence or so.
_FUNDING = re.compile(
    r"\b(?:(?:funded|financed|sponsored|supported|made possible)\s+(?:in part\s+)?(?:by|through|from|under)|"
    r"funding|grants?\s+(?:no|number|agreement|ref)|grants?\s+[A-Z]{1,6}[/_-]?\w*\d|acknowledge?(?:s|d)?\b|"
    r"acknowledgements?|grateful|gratefully|we thank|thanks? (?:to|go)|fellowship|studentship|sponsors?\b|"
    r"award(?:ed)?\s+(?:no|number|to)|(?:research\s+)?grants?\s+from|financial\s+(?:help|support|assistance))",
    re.IGNORECASE)
_ABSTRACT_START = re.compile(r"^(?:abstract|background|summary|purpose|objectives?|aims?|introduction|context|"
                             r"importance|methods)\b\s*[:.\-]?", re.IGNORECASE)


def is_provenance(text: str) -> bool:
    """A note on the version and where it appeared ("This is the author accepted manuscript…")."""
    return bool(_PROVENANCE.match(text.strip()))


def is_funding(text: str) -> bool:
    """A funding statement or acknowledgement: its opening (first 200 characters) says so."""
    head = text.strip()[:200]
    return not _ABSTRACT_START.match(head) and bool(_FUNDING.search(head))


def choose_abstract(descriptions: list[str]) -> tuple[str | None, list[str]]:
    """(the abstract, the other descriptions in their order). A provenance note is never the
    abstract; a lone description otherwise is (EPrints gives just the abstract); with several,
    funding statements are not chosen either (and when every one is a note, there is none)."""
    if not descriptions:
        return None, []
    if len(descriptions) == 1:
        return (None, list(descriptions)) if is_provenance(descriptions[0]) else (descriptions[0], [])
    candidates = [d for d in descriptions if not is_provenance(d) and not is_funding(d)]
    if not candidates:
        return None, list(descriptions)
    abstract = max(candidates, key=len)
    index = descriptions.index(abstract)
    return abstract, descriptions[:index] + descriptions[index + 1:]
