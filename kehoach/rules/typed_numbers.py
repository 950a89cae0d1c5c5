"""Numbering typed by hand at the start of a text (`II. `, `1. `, `1.2. `, `a) `, `- `): the program numbers
every mục, khoản, điểm and ý itself, so a typed one comes out twice ("II. II. …"). Pure."""
from __future__ import annotations

import re

_TYPED = re.compile(
    r"""^(?:
        (?:Mục|Phần|Chương)\s+[IVXLC\d]+[.:]?      # "Mục II." "Phần 1:"
      | [IVXLC]+[.)]                               # "II." "IV)"
      | \d{1,2}(?:\.\d{1,2})*[.)]                  # "1." "1.2." "3)"
      | [a-zđ][.)]                                 # "a)" "đ."
      | [-–—•+]                                    # "- " "• "
    )(?=\s)""",
    re.VERBOSE,
)


def typed_number(text: str) -> str | None:
    """Return the numbering typed at the start of `text` (`"II."`, `"a)"`, `"-"`), or None."""
    m = _TYPED.match(text.lstrip())
    return m.group(0) if m else None
