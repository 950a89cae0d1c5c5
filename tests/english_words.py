"""Find English words in what kehoach printed for a clerk, outside quoted data, file paths and options."""
from __future__ import annotations

import re

# Words a library's or the system's English message is made of, and no Vietnamese sentence uses.
STOP_WORDS = (
    "the", "is", "not", "file", "database", "error", "unable", "failed", "found", "expected", "invalid",
    "cannot", "could", "denied", "such", "malformed", "missing", "unknown", "unexpected", "permission",
    "directory", "disk", "image", "attempt", "readonly", "locked", "constraint", "syntax", "corrupt",
    "truncated", "encrypted", "password", "while", "there", "named", "archive", "object", "none",
)
_STOP = re.compile(r"\b(" + "|".join(STOP_WORDS) + r")\b", re.IGNORECASE)

# What a message may quote or name verbatim: the clerk's data, paths, options, commands.
_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`|<[^>\n]*>")
_PATH = re.compile(r"\S*[/\\]\S*|\S+\.[A-Za-z0-9]{2,7}\b|--?[\w-]+")


def english_words(text: str) -> list[str]:
    """Return the stop-list words of `text` left once quoted data, paths, file names and options are taken out."""
    bare = _PATH.sub(" ", _QUOTED.sub(" ", text))
    return [m.group(0) for m in _STOP.finditer(bare)]
