"""Names as the data keeps them: case restored from lines typed in capitals, and short ASCII codes. No I/O."""
from __future__ import annotations

import re
import unicodedata

from ..rules import vn

# Administrative units: the word is lower case, the proper name after it capitalised.
_UNITS = ("thành phố", "thị trấn", "thị xã", "xã", "phường", "huyện", "quận", "tỉnh", "đặc khu")
_VOWELS = set("aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
_KEEP_UPPER = {"ISO", "TCVN", "UBND", "HĐND", "MTTQ", "VN"}


def is_upper(text: str) -> bool:
    """Return whether `text` has letters and all of them are capitals."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _acronym(word: str) -> bool:
    core = word.strip("().,;:/-–")
    if core.upper() in _KEEP_UPPER:
        return True
    # CCHC, UBND, TTHC, QPPL: an all-capital word without a vowel cannot be a Vietnamese word.
    return len(core) >= 2 and core.isupper() and not (set(core.lower()) & _VOWELS)


def sentence_case(text: str) -> str:
    """Return a line typed in capitals in sentence case, keeping acronyms (`MỤC ĐÍCH, YÊU CẦU` → `Mục đích, yêu cầu`).

    Text that is not all capitals comes back unchanged: the clerk's own case wins.
    """
    text = vn.nfc(text)
    if not is_upper(text):
        return text
    words = [w if _acronym(w) else w.lower() for w in text.split(" ")]
    return vn.sentence(" ".join(words))


def organisation_case(text: str, capitalise: bool = True) -> str:
    """Return a body's name in its usual case: `UBND HUYỆN HƯƠNG SƠN` → `UBND huyện Hương Sơn`.

    `capitalise=False` leaves the first word as the rules give it (`XÃ SƠN GIANG` → `xã Sơn Giang`).
    """
    text = vn.nfc(" ".join(text.split()))
    if not is_upper(text):
        return text
    words = text.split(" ")
    out: list[str] = []
    proper = False
    i = 0
    while i < len(words):
        word = words[i]
        pair = " ".join(words[i:i + 2]).lower()
        if proper:
            out.append(word.capitalize())
        elif _acronym(word):
            out.append(word)
        elif pair in _UNITS:
            out.extend(pair.split(" "))
            proper = True
            i += 1
        else:
            out.append(word.lower())
            proper = word.lower() in _UNITS
        i += 1
    result = " ".join(out)
    return vn.sentence(result) if capitalise else result


def position_case(text: str) -> str:
    """Return a signer's position typed in capitals as written in data (`PHÓ CHỦ TỊCH` → `Phó Chủ tịch`)."""
    return re.sub(r"^Phó chủ tịch\b", "Phó Chủ tịch", sentence_case(text))


def person_case(text: str) -> str:
    """Return a person's name typed in capitals as a name (`NGUYỄN ĐỨC THẮNG` → `Nguyễn Đức Thắng`)."""
    text = " ".join(vn.nfc(text).split())
    return " ".join(w.capitalize() for w in text.split()) if is_upper(text) else text


def lower_ascii(text: str) -> str:
    """Return `text` as lowercase ASCII for matching what clerks type (`Văn phòng HĐND` → `van phong hdnd`).

    Unlike `vn.ascii_fold` (which keeps case and any other character) everything outside ASCII goes.
    """
    text = vn.nfc(text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_STOP = {"va", "cua"}
_OFFICER_LEAD = ("cong chuc ",)


def make_code(name: str, taken: set[str], limit: int = 40) -> str:
    """Return a new code for `name` (`Văn phòng HĐND và UBND` → `van-phong-hdnd-ubnd`) not in `taken`."""
    folded = lower_ascii(name)
    for lead in _OFFICER_LEAD:
        if folded.startswith(lead) and len(folded) > len(lead):
            folded = folded[len(lead):]
    words = [w for w in re.split(r"[^a-z0-9]+", folded) if w and w not in _STOP]
    code = ""
    for w in words:
        if len(code) + len(w) + 1 > limit:
            break
        code = f"{code}-{w}" if code else w
    code = code or "ma"
    candidate, n = code, 2
    while candidate in taken:
        candidate = f"{code[:limit - 3]}-{n}"
        n += 1
    return candidate
