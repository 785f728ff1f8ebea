"""One normalised licence (id, name, deed URL) from the many ways repositories write one.

EPrints says `cc_by_nc_nd`, DSpace gives the deed URL or "Attribution-NonCommercial 2.0 UK:
England & Wales", records may already carry `CC-BY-4.0`. All become the same Licence, saying
exactly what the source said and nothing more:

- no version given (`cc_by`, "Creative Commons Attribution") → no version invented: id `CC-BY`,
  the generic deed URL `https://creativecommons.org/licenses/by/`;
- a jurisdiction port (`.../by/2.0/uk/`, "2.0 UK: England & Wales") keeps its jurisdiction:
  id `CC-BY-2.0-UK` (SPDX's form for ported licences), the ported deed URL and name.
"""

from __future__ import annotations

import re

from repotui.core.model import Licence

_PARTS = {"by": "Attribution", "sa": "ShareAlike", "nc": "NonCommercial", "nd": "NoDerivatives"}
_WORDS = {
    "attribution": "by", "sharealike": "sa", "share alike": "sa", "share-alike": "sa", "noncommercial": "nc",
    "non commercial": "nc", "non-commercial": "nc", "noderivatives": "nd", "noderivs": "nd",
    "no derivatives": "nd", "no derivs": "nd", "no-derivs": "nd",
}
_ORDER = ("by", "nc", "nd", "sa")
#: Creative Commons jurisdiction ports: the URL's code → the name CC gives the jurisdiction.
PORTS = {
    "ar": "Argentina", "at": "Austria", "au": "Australia", "be": "Belgium", "bg": "Bulgaria", "br": "Brazil",
    "ca": "Canada", "ch": "Switzerland", "cl": "Chile", "cn": "China Mainland", "co": "Colombia",
    "cr": "Costa Rica", "cz": "Czech Republic", "de": "Germany", "dk": "Denmark", "ec": "Ecuador",
    "ee": "Estonia", "eg": "Egypt", "es": "Spain", "fi": "Finland", "fr": "France", "ge": "Georgia",
    "gr": "Greece", "gt": "Guatemala", "hk": "Hong Kong", "hr": "Croatia", "hu": "Hungary", "ie": "Ireland",
    "igo": "IGO", "il": "Israel", "in": "India", "it": "Italy", "jp": "Japan", "kr": "Korea",
    "lu": "Luxembourg", "mk": "Macedonia", "mt": "Malta", "mx": "Mexico", "my": "Malaysia",
    "nl": "Netherlands", "no": "Norway", "nz": "New Zealand", "pe": "Peru", "ph": "Philippines",
    "pl": "Poland", "pr": "Puerto Rico", "pt": "Portugal", "ro": "Romania", "rs": "Serbia",
    "scotland": "UK: Scotland", "se": "Sweden", "sg": "Singapore", "si": "Slovenia", "th": "Thailand",
    "tw": "Taiwan", "ug": "Uganda", "uk": "UK: England & Wales", "us": "United States", "ve": "Venezuela",
    "vn": "Vietnam", "za": "South Africa",
}
#: Port names as they appear in licence names ("... 2.0 UK: England & Wales") → the port code.
_PORT_NAMES = sorted(((name.lower(), code) for code, name in PORTS.items()), key=lambda p: -len(p[0]))
_OTHER = {
    "mit": ("MIT", "MIT License", "https://opensource.org/licenses/MIT"),
    "apache-2.0": ("Apache-2.0", "Apache License 2.0", "https://www.apache.org/licenses/LICENSE-2.0"),
    "gpl-3.0": ("GPL-3.0", "GNU General Public License v3.0", "https://www.gnu.org/licenses/gpl-3.0.html"),
    "ogl-uk-3.0": ("OGL-UK-3.0", "Open Government Licence v3.0",
                   "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
}
_CODE = re.compile(r"^cc[-_ ]?((?:by|sa|nc|nd)(?:[-_ ](?:by|sa|nc|nd))*)(?:[-_ ]v?(\d(?:\.\d)?))?(?:[-_ ]([a-z]{2,8}))?"
                   r"(?:[-_ ]?(?:international|intl|unported|generic|licen[cs]e))?$")
_URL = re.compile(r"creativecommons\.org/licen[cs]es/([a-z-]+)(?:/(\d\.\d)(?:/([a-z]{2,8}))?)?/?")


def cc_licence(parts: list[str], version: str | None = None, port: str | None = None) -> Licence:
    """A Creative Commons licence from its elements (`["by", "nc"]`), version and port as given."""
    parts = [p for p in _ORDER if p in parts]
    port = port if port in PORTS else None
    if version is None:
        port = None  # a port exists only for a version
    nd = "NoDerivs" if version and version < "4.0" else "NoDerivatives"
    words = "-".join(nd if p == "nd" else _PARTS[p] for p in parts)
    spdx = "CC-" + "-".join(p.upper() for p in parts)
    path = f"https://creativecommons.org/licenses/{'-'.join(parts)}/"
    name = f"Creative Commons {words}"
    if version:
        spdx += f"-{version}"
        path += f"{version}/"
        name += f" {version}"
        if port:
            spdx += f"-{port.upper()}"
            path += f"{port}/"
            name += f" {PORTS[port]}"
        else:
            name += {"4.0": " International", "3.0": " Unported"}.get(version, " Generic")
    return Licence(id=spdx, name=name, url=path)


def _port_in_name(low: str) -> str | None:
    for name, code in _PORT_NAMES:
        if name in low and code not in {"in", "no"}:  # "in"/"no" are also words
            return code
    match = re.search(r"\d\.\d\s+(?:\()?([a-z]{2,8})\b", low)
    return match.group(1) if match and match.group(1) in PORTS else None


def normalise_licence(raw: str) -> Licence:
    """Best effort: a recognised licence gets id, name and URL; anything else is kept as named."""
    text = raw.strip()
    low = text.lower()
    if not low:
        return Licence()
    version_match = re.search(r"(?<![\d.])(\d\.\d)(?![\d.])", low)
    version = version_match.group(1) if version_match else None
    if "publicdomain/zero" in low or re.search(r"\bcc[-_ ]?0\b|\bcc[-_ ]?zero\b", low):
        return Licence("CC0-1.0", "Creative Commons Zero 1.0 Universal",
                       "https://creativecommons.org/publicdomain/zero/1.0/")
    if "publicdomain/mark" in low or low in {"public domain", "public_domain", "pd"}:
        return Licence("PDM-1.0", "Public Domain Mark 1.0",
                       "https://creativecommons.org/publicdomain/mark/1.0/")
    url_match = _URL.search(low)
    if url_match:
        return cc_licence(url_match.group(1).split("-"), url_match.group(2), url_match.group(3))
    code = _CODE.match(low)
    if code:  # `cc_by_nc_nd`, `CC-BY-4.0`, EPrints' newer `cc_by_4` (4 = 4.0)
        given = code.group(2)
        return cc_licence(re.split(r"[-_ ]", code.group(1)), f"{given}.0" if given and "." not in given else given,
                          code.group(3))
    if "creative commons" in low or low.startswith("attribution"):
        parts = ["by"] if "attribution" in low or re.search(r"\bby\b", low) else []
        for word, part in _WORDS.items():
            if word in low and part not in parts:
                parts.append(part)
        for short in re.findall(r"\b(by|nc|nd|sa)\b", low):
            if short not in parts:
                parts.append(short)
        if parts:
            return cc_licence(parts, version, _port_in_name(low) if version else None)
    for key, (spdx, name, url) in _OTHER.items():
        if low == key or low == spdx.lower() or low == name.lower():
            return Licence(spdx, name, url)
    if text.startswith(("http://", "https://")):
        return Licence(name=None, url=text)
    return Licence(id=None, name=text)
