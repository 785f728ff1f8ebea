"""What "clean" means for text from hostile records (the folder itself: `make_hostile`)."""

from __future__ import annotations

import re

#: Any C0/C1 control character (ESC, BEL, CSI 0x9b, OSC 0x9d...) and DEL; `\n` is checked apart.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
#: What text.py makes visible; none of these may reach a loaded string.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                       "\ufff9-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")

#: Text that Rich/Textual would read as markup, actions or variables if it were ever parsed.
MARKUP = "[b]bold[/b] [/] [@click=app.quit]quit[/] [link=https://evil.example]link[/link] $var [red"
#: Text that would reach the terminal as escape sequences, direction overrides or invisible characters.
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \u202egnp.exe\u202c a\u200bb\u2066x\u2069 \x9b31m"
