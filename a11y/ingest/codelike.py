"""Text that is program source, markup or data, not prose: never a paragraph, wherever it sits.

Real article pages leak code into what a reader sees: an inline form validator printed by a broken
template, a JSON config in a `<div>`, a CSS rule in a `<p>`. A listener must never hear `function`,
`$` and `alert`. A line is judged by the density of what only code has (braces, semicolons, `=>`,
`$(`, `function(`, `var x =`, `document.`) against its length, and by how little of it is words.
"""

import re
from functools import lru_cache

# Any one of these is code's, not Korean prose's.
_STRONG = re.compile(
    r"\bfunction\s?\w{0,40}\s?\(|=>|\$\(|\bvar\s[\w$]{1,40}\s?=|\b(?:const|let)\s[\w$]{1,40}\s?=|"
    r"\bdocument\.\w|\bwindow\.\w|\bjQuery\b|\breturn\s(?:false|true|null)\b|\balert\s?\(|"
    r"\bconsole\.\w|\.(?:push|addEventListener|getElementById|querySelector|innerHTML|ready|on|attr|val)\s?\(|"
    r"[!=]==|&&|\|\||\bif\s?\(|\}\s?else\b|<\/?(?:script|div|span|iframe|style)\b|@media\b|!important\b|"
    r"\b(?:var|let|const)\s|\bnew\s[A-Z]\w{0,40}\("
)
# Frequent in code, rare in prose.
_SYMBOL = re.compile(r"[{};=<>$\\|]")
_JSON_PAIR = re.compile(r"[\"'][@\w$-]{1,40}[\"']\s?:\s?[\"'\[{\d tfn]")
_CSS_RULE = re.compile(r"(?<![\w-])[\w-]{2,30}\s?:\s?[^;{}]{1,60};")
_LETTER = re.compile(r"[가-힣]")
# A long run of base64 or hex without a space: a data blob, not words.
_BLOB = re.compile(r"[A-Za-z0-9+/=_-]{80,}")

MIN_CODE_CHARS = 12
# A line at least this share Hangul (of its non-space characters) is prose that mentions code.
MIN_PROSE_HANGUL_SHARE = 0.3
# Code has at least one of these; prose without any is never judged further (a fast path for long text).
_CODE_CHARACTERS = "{};=$<>|&"


@lru_cache(maxsize=1024)
def code_reason(text: str) -> str | None:
    """Why text reads as code (`"3 code tokens, 14 symbols in 120 chars"`), or None if it is prose."""
    text = text.strip()
    if len(text) < MIN_CODE_CHARS:
        return None
    if not any(character in text for character in _CODE_CHARACTERS):
        return _blob_reason(text)
    strong = len(_STRONG.findall(text))
    symbols = len(_SYMBOL.findall(text))
    pairs = len(_JSON_PAIR.findall(text)) + len(_CSS_RULE.findall(text)) if "{" in text else 0
    hangul = len(_LETTER.findall(text))
    score = 3 * strong + symbols + 2 * pairs
    # Prose quotes code now and then (`첫 문단에는 <img onerror=…> 같은 글자가`): code is dense with it
    # and thin on Hangul, except a JSON object, whose values may be Korean.
    words = hangul >= MIN_PROSE_HANGUL_SHARE * len(text.replace(" ", "")) and pairs < 3
    if (strong >= 2 or pairs >= 2 or symbols >= 4) and score * 12 >= len(text) and not words:
        return f"code-like: {strong} code tokens, {symbols} symbols, {pairs} key-value pairs in {len(text)} chars"
    return _blob_reason(text)


def _blob_reason(text: str) -> str | None:
    blob = _BLOB.search(text)
    if blob and len(blob.group()) >= 0.5 * len(text):
        return f"data blob: a {len(blob.group())}-char run of base64 or hex"
    return None
