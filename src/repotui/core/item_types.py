"""Item types: the CSL types a record may have, and the many names repositories give them.

EPrints has type ids (`article`, `book_section`, `conference_item`, `monograph`, local ones such
as `journale`, `confposter`, `article_ref_nev`), DSpace and Dublin Core print words ("Journal
Article", "Technical Report"), BibTeX and RIS have their own. `classify` turns any of them into
a CSL type and, where the CSL type says less than the source did (a poster is a `speech`, an
exhibition an `event`), the words to keep in `genre`. A name nothing here knows becomes
`document` (CSL's generic type) with the source's own label as the genre: never dropped,
never guessed into a journal article.
"""

from __future__ import annotations

import re

from repotui.core.model import CSL_TYPES

#: A source's type name (folded: lower case, runs of space, `_` and `-` as one space) → CSL type,
#: and the genre to keep when the CSL type alone would lose what the source said.
_NAMES: dict[str, tuple[str, str | None]] = {
    # journal articles
    "article": ("article-journal", None), "journal article": ("article-journal", None),
    "journalarticle": ("article-journal", None), "journal": ("article-journal", None),
    "journale": ("article-journal", None), "journalp": ("article-journal", None),
    "contribution to journal": ("article-journal", None), "scholarly article": ("article-journal", None),
    "research article": ("article-journal", None), "letter": ("article-journal", "Letter"),
    "editorial": ("article-journal", "Editorial"), "articles": ("article-journal", None),
    "magazine article": ("article-magazine", None), "newspaper article": ("article-newspaper", None),
    "news item": ("article-newspaper", None),
    # reviews
    "review": ("review", None), "book review": ("review-book", None),
    # books and chapters
    "book": ("book", None), "monograph book": ("book", None), "edited book": ("book", None),
    "authored book": ("book", None), "edited volume": ("book", None), "proceedings": ("book", "Proceedings"),
    "conference proceedings": ("book", "Proceedings"), "book section": ("chapter", None),
    "book chapter": ("chapter", None), "chapter": ("chapter", None), "bookchapter": ("chapter", None),
    "book part": ("chapter", None), "part of book": ("chapter", None), "chapter in book": ("chapter", None),
    "contribution to book": ("chapter", None), "encyclopedia entry": ("entry-encyclopedia", None),
    "dictionary entry": ("entry-dictionary", None),
    # conferences
    "conference item": ("paper-conference", None), "conference or workshop item": ("paper-conference", None),
    "conference paper": ("paper-conference", None), "conference object": ("paper-conference", None),
    "confpaper": ("paper-conference", None), "conference contribution": ("paper-conference", None),
    "proceedings article": ("paper-conference", None), "proceedings paper": ("paper-conference", None),
    "inproceedings": ("paper-conference", None), "conference proceeding": ("paper-conference", None),
    "conference poster": ("speech", "Poster"), "confposter": ("speech", "Poster"), "poster": ("speech", "Poster"),
    "presentation": ("speech", "Presentation"), "lecture": ("speech", "Lecture"), "speech": ("speech", None),
    "keynote": ("speech", "Keynote"), "conference abstract": ("paper-conference", "Abstract"),
    # theses
    "thesis": ("thesis", None), "doctoral thesis": ("thesis", "Doctoral thesis"),
    "phd thesis": ("thesis", "PhD thesis"), "masters thesis": ("thesis", "Master's thesis"),
    "master thesis": ("thesis", "Master's thesis"), "bachelor thesis": ("thesis", "Bachelor's thesis"),
    "dissertation": ("thesis", None), "doctoral dissertation": ("thesis", "Doctoral thesis"),
    "phdthesis": ("thesis", "PhD thesis"), "mastersthesis": ("thesis", "Master's thesis"),
    # reports
    "monograph": ("report", None), "report": ("report", None), "technical report": ("report", "Technical report"),
    "techreport": ("report", "Technical report"), "research report": ("report", "Research report"),
    "working paper": ("report", "Working paper"), "discussion paper": ("report", "Discussion paper"),
    "project report": ("report", "Project report"), "policy report": ("report", "Policy report"),
    "briefing paper": ("report", "Briefing paper"), "commissioned report": ("report", None),
    # preprints and other text
    "preprint": ("article", "Preprint"), "pre print": ("article", "Preprint"), "eprint": ("article", None),
    "manuscript": ("manuscript", None), "unpublished": ("manuscript", None), "other": ("document", None),
    "text": ("document", None), "document": ("document", None), "teaching resource": ("document", "Teaching resource"),
    "learning object": ("document", "Learning object"), "working document": ("document", None),
    "standard": ("standard", None), "patent": ("patent", None), "pamphlet": ("pamphlet", None),
    "website": ("webpage", None), "web page": ("webpage", None), "webpage": ("webpage", None),
    "blog post": ("post-weblog", None), "map": ("map", None),
    # data, software, media
    "dataset": ("dataset", None), "data set": ("dataset", None), "data": ("dataset", None),
    "data collection": ("dataset", None), "software": ("software", None), "computer program": ("software", None),
    "image": ("graphic", None), "still image": ("graphic", None), "artefact": ("graphic", "Artefact"),
    "artwork": ("graphic", "Artwork"), "video": ("motion_picture", None), "moving image": ("motion_picture", None),
    "film": ("motion_picture", None), "audio": ("song", "Audio"), "sound": ("song", "Audio"),
    "composition": ("musical_score", "Composition"), "musical score": ("musical_score", None),
    "performance": ("performance", None), "exhibition": ("event", "Exhibition"), "event": ("event", None),
    "interview": ("interview", None), "broadcast": ("broadcast", None),
    # OpenAIRE's info:eu-repo/semantics/ vocabulary (written together: `bookPart`, `doctoralThesis`)
    "bookpart": ("chapter", None), "conferenceobject": ("paper-conference", None),
    "conferencepaper": ("paper-conference", None), "conferenceposter": ("speech", "Poster"),
    "doctoralthesis": ("thesis", "Doctoral thesis"), "masterthesis": ("thesis", "Master's thesis"),
    "bachelorthesis": ("thesis", "Bachelor's thesis"), "workingpaper": ("report", "Working paper"),
    "researchreport": ("report", "Research report"), "technicalreport": ("report", "Technical report"),
    "contributiontoperiodical": ("article-magazine", None), "annotation": ("document", "Annotation"),
    "reportpart": ("report", None), "researchproposal": ("document", "Research proposal"),
    "studentthesis": ("thesis", None),
}
#: Thesis levels as repositories write them (EPrints `thesis_type`, DSpace's dc:type words,
#: Italian and other degrees) → the words a citation prints ("PhD thesis, University.").
THESIS_GENRES = {
    "phd": "PhD thesis", "ph.d.": "PhD thesis", "dphil": "DPhil thesis", "doctoral": "Doctoral thesis",
    "doctorate": "Doctoral thesis", "engd": "EngD thesis", "edd": "EdD thesis", "md": "MD thesis",
    "mphil": "MPhil thesis", "masters": "Master's thesis", "master": "Master's thesis", "msc": "MSc thesis",
    "ma": "MA thesis", "mres": "MRes thesis", "mba": "MBA thesis", "llm": "LLM thesis",
    "bachelors": "Bachelor's thesis", "bachelor": "Bachelor's thesis", "bsc": "BSc thesis", "ba": "BA thesis",
    "undergraduate": "Bachelor's thesis", "diploma": "Diploma thesis", "habilitation": "Habilitation thesis",
    "licentiate": "Licentiate thesis", "laurea": "Laurea thesis", "laurea triennale": "Laurea thesis",
    "laurea magistrale": "Laurea magistrale thesis", "laurea specialistica": "Laurea specialistica thesis",
    "tesi di laurea": "Laurea thesis", "dottorato": "PhD thesis", "doctorat": "Doctoral thesis",
    "these": "Doctoral thesis", "dissertation": "Dissertation", "other": "Thesis",
}
#: Families of local EPrints type ids: a prefix → CSL type (`article_ref_nev`, `book_ed`, `conf_paper`).
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("article rev", "review"), ("book section", "chapter"), ("book chapter", "chapter"), ("article", "article-journal"),
    ("journal", "article-journal"), ("book", "book"), ("conf", "paper-conference"), ("thesis", "thesis"),
    ("report", "report"), ("working paper", "report"), ("dataset", "dataset"),
)


def _fold(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().lower()).strip()


def classify(name: str | None, repository: bool = False) -> tuple[str, str | None] | None:
    """(CSL type, genre to keep) for a type name a source gives, or None for no name.

    A CSL type name is itself (`paper-conference`), except that a repository's `article`
    (`repository=True`: an EPrints type id or a dc:type word) is a journal article; OpenAIRE's
    `info:eu-repo/semantics/` prefix is read through. An unknown name is `document` with the
    name (as written, readable: `exhibition_catalogue` → "Exhibition catalogue") as genre.
    """
    if not name or not name.strip():
        return None
    raw = re.sub(r"^info:eu-repo/semantics/", "", name.strip(), flags=re.IGNORECASE)
    if raw in CSL_TYPES and not (repository and raw in _NAMES):
        return raw, None
    folded = _fold(raw)
    if folded in _NAMES:
        return _NAMES[folded]
    if folded.replace(" ", "-") in CSL_TYPES:  # "Article Journal", "paper conference"
        return folded.replace(" ", "-"), None
    for prefix, csl in _PREFIXES:
        if folded.startswith(prefix):
            return csl, None
    return "document", label(raw)


def thesis_genre(level: str | None) -> str | None:
    """`phd` → "PhD thesis", `laurea` → "Laurea thesis"; an unknown level as words + " thesis"."""
    if not level or not level.strip():
        return None
    folded = re.sub(r"[\s_\-]+", " ", level.strip().lower())
    if folded in THESIS_GENRES:
        return THESIS_GENRES[folded]
    words = label(level)
    return words if re.search(r"\b(?:thesis|dissertation|these|tesi)\b", folded) else f"{words} thesis"


def label(name: str) -> str:
    """A type id as words: `exhibition_catalogue` → "Exhibition catalogue"."""
    words = re.sub(r"[\s_]+", " ", name.strip()).strip()
    return words[:1].upper() + words[1:] if words.islower() or "_" in name else words


def is_csl_type(name: str) -> bool:
    return name in CSL_TYPES
