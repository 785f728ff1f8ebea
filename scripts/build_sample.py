#!/usr/bin/env python3
"""Regenerate the sample collection in `records/` from the real exports, with repotui's importers.

    python scripts/build_sample.py            # rewrite records/{lshtm,apollo,caltech,polito}/
    python scripts/build_sample.py --check    # exit 1 if records/ differs from what would be built

The exports are the repositories' own output, kept in tests/fixtures/exports/ (copied from the
shared data folder). A varied subset is picked by id so the sample shows every item type
(article, book, chapter-less book, thesis, conference item, report, dataset), several licences
(CC BY, CC BY-NC, CC BY-NC-ND, CC BY-NC-SA and CC BY-SA 2.0 UK ports, none), missing optional
fields (no abstract, no DOI, no licence), long author lists and non-ASCII names. The hand-made
Durham seed record (records/durham/) is left untouched.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from repotui.adapters.importers.detect import read_source  # noqa: E402
from repotui.adapters.importers.writer import IMPORTED, RecordWriter  # noqa: E402

EXPORTS = ROOT / "tests" / "fixtures" / "exports"
GENERATED_FOLDERS = ("lshtm", "apollo", "caltech", "polito")

#: export file → the ids to keep (every record when the value is None), with why in comments.
SAMPLE: dict[str, list[str] | None] = {
    "eprints_oai_dc_ListRecords_lshtm_2015.xml": [
        "lshtm-407",        # CC BY-NC-ND, PDF, house citation, "Chico, RM"
        "lshtm-5951",       # CC BY, article with page, PDF
        "lshtm-1319855",    # CC BY-NC
        "lshtm-1240",       # no abstract, no licence, p. 391
        "lshtm-9074",       # book with a Spanish title, no abstract
        "lshtm-19333",      # book, single author, publisher only
        "lshtm-2324782",    # conference item
        "lshtm-2331705",    # monograph → report, ten authors
        "lshtm-2331692",    # forty authors, non-ASCII names
        "lshtm-2160277",    # non-ASCII names
        "lshtm-2331657",    # CC BY, non-ASCII names
        "lshtm-2331764",    # volume, issue and pages parsed from the citation
        "lshtm-2331716",    # no DOI
        "lshtm-2331677",    # e-page, CC BY-NC-ND
    ],
    "dspace_oai_dc_ListRecords_cambridge_apollo_2015.xml": [
        "apollo-1810-219499",  # PhD thesis, three DSpace dates, no licence
        "apollo-1810-251273",  # dataset, CC BY 2.0 UK
        "apollo-1810-251291",  # dataset, CC BY-NC-SA 2.0 UK
        "apollo-1810-251293",  # dataset, CC BY-SA 2.0 UK
        "apollo-1810-248330",  # CC BY 4.0 article with DOI
        "apollo-1810-248397",  # eighty-eight authors
        "apollo-1810-248759",  # CC BY-NC-ND 2.0 UK
        "apollo-1810-248547",  # no licence, DOI only
        "apollo-1810-246283",  # no DOI, provenance note beside the abstract
        "apollo-1810-248122",  # conference paper given as an article, ISBN
        "apollo-1810-248629",  # CC BY, thirteen authors
        "apollo-1810-248518",  # CC BY, Scientific Reports
    ],
    "eprints_ep3xml_caltechauthors_test_eprint1.xml": None,  # accepted + submitted versions, arXiv
    "eprints_ep3xml_caltechauthors_test_eprint2.xml": None,  # Art. No. 130923, supplementary file
    "eprints_ep3xml_caltechauthors_test_eprint4.xml": None,  # Art. No. 23, cc_by, ORCID, Greek letters
    "eprints_dc_text_export_caltechauthors.txt": None,       # 1950s-70s articles, house citations
    "eprints_json_export_polito_webthesis_26840.json": None,  # Italian laurea thesis, CC BY-NC-ND
}


def build(records: Path) -> list[str]:
    """Write the sample into `records` (its generated folders emptied first); returns the ids."""
    for folder in GENERATED_FOLDERS:
        shutil.rmtree(records / folder, ignore_errors=True)
    writer = RecordWriter(records)
    written: list[str] = []
    for name, wanted in SAMPLE.items():
        result = read_source(EXPORTS / name)
        if result.problems:
            raise SystemExit(f"{name}: " + "; ".join(str(p) for p in result.problems))
        by_id = {r.id: r for r in result.records if not r.deleted}
        ids = list(by_id) if wanted is None else wanted
        for rid in ids:
            if rid not in by_id:
                raise SystemExit(f"{name}: no record {rid}")
            outcome = writer.write(by_id[rid])
            if outcome.status != IMPORTED:
                raise SystemExit(f"{rid}: {outcome.status}: {outcome.reason}")
            written.append(rid)
    return written


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for folder in GENERATED_FOLDERS
            for p in sorted((root / folder).rglob("*.yaml"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=Path, default=ROOT / "records")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp))
            same = _tree(Path(tmp)) == _tree(args.records)
        print("records/ is up to date" if same else "records/ differs from the exports: run scripts/build_sample.py")
        return 0 if same else 1
    ids = build(args.records)
    print(f"wrote {len(ids)} records into {args.records} ({', '.join(GENERATED_FOLDERS)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
