"""Language of a text: Korean when Hangul is a sizeable share of its letters, else English."""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    # A Hangul syllable carries roughly 2-3 Latin letters' worth of text.
    return "ko" if hangul * 2.5 >= latin and hangul > 0 else "en"


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))
