"""One normalised licence (SPDX id, name, deed URL) from the many ways repositories write one.

EPrints says `cc_by_nc_nd`, DSpace gives the deed URL or "Attribution-NonCommercial 4.0
International", records may already carry `CC-BY-4.0`. All become the same Licence.
"""

from __future__ import annotations

import re

from repotui.core.model import Licence

_PARTS = {"by": "Attribution", "sa": "ShareAlike", "nc": "NonCommercial", "nd": "NoDerivatives"}
_WORDS = {
    "attribution": "by", "sharealike": "sa", "share alike": "sa", "noncommercial": "nc",
    "non commercial": "nc", "noderivatives": "nd", "noderivs": "nd", "no derivatives": "nd",
    "no derivs": "nd",
}
_ORDER = ("by", "nc", "nd", "sa")
_OTHER = {
    "mit": ("MIT", "MIT License", "https://opensource.org/licenses/MIT"),
    "apache-2.0": ("Apache-2.0", "Apache License 2.0", "https://www.apache.org/licenses/LICENSE-2.0"),
    "gpl-3.0": ("GPL-3.0", "GNU General Public License v3.0", "https://www.gnu.org/licenses/gpl-3.0.html"),
    "ogl-uk-3.0": ("OGL-UK-3.0", "Open Government Licence v3.0",
                   "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
}
DEFAULT_CC_VERSION = "4.0"


def _cc(parts: list[str], version: str | None) -> Licence:
    parts = [p for p in _ORDER if p in parts]
    version = version or DEFAULT_CC_VERSION
    spdx = "CC-" + "-".join(p.upper() for p in parts) + f"-{version}"
    name = "Creative Commons " + "-".join(_PARTS[p] for p in parts) + f" {version}"
    if version == "4.0":
        name += " International"
    url = f"https://creativecommons.org/licenses/{'-'.join(parts)}/{version}/"
    return Licence(id=spdx, name=name, url=url)


def normalise_licence(raw: str) -> Licence:
    """Best effort: a recognised licence gets SPDX id, name and URL; anything else is kept as named."""
    text = raw.strip()
    low = text.lower()
    if not low:
        return Licence()
    version_match = re.search(r"(\d\.\d)", low)
    version = version_match.group(1) if version_match else None
    if "publicdomain/zero" in low or re.search(r"\bcc[-_ ]?0\b|\bcc[-_ ]?zero\b", low):
        return Licence("CC0-1.0", "Creative Commons Zero 1.0 Universal",
                       "https://creativecommons.org/publicdomain/zero/1.0/")
    if "publicdomain/mark" in low or low in {"public domain", "public_domain", "pd"}:
        return Licence("PDM-1.0", "Public Domain Mark 1.0",
                       "https://creativecommons.org/publicdomain/mark/1.0/")
    url_match = re.search(r"creativecommons\.org/licenses/([a-z-]+)(?:/(\d\.\d))?", low)
    if url_match:
        return _cc(url_match.group(1).split("-"), url_match.group(2))
    code = re.match(r"^cc[-_ ]((?:by|sa|nc|nd)(?:[-_ ](?:by|sa|nc|nd))*)(?:[-_ ]v?(\d\.\d))?"
                    r"(?:[-_ ]?(?:international|intl|unported))?$", low)
    if code:
        return _cc(re.split(r"[-_ ]", code.group(1)), code.group(2) or version)
    if "creative commons" in low or low.startswith("attribution"):
        parts = ["by"] if "attribution" in low or re.search(r"\bby\b", low) else []
        for word, part in _WORDS.items():
            if word in low and part not in parts:
                parts.append(part)
        for short in re.findall(r"\b(by|nc|nd|sa)\b", low):
            if short not in parts:
                parts.append(short)
        if parts:
            return _cc(parts, version)
    for key, (spdx, name, url) in _OTHER.items():
        if low == key or low == spdx.lower() or low == name.lower():
            return Licence(spdx, name, url)
    if text.startswith(("http://", "https://")):
        return Licence(name=None, url=text)
    return Licence(id=None, name=text)
