"""Latin letters: acronyms spelled out in Korean, so a Korean voice never switches to English.

Words the publisher lexicon knows (테슬라, 나사) are replaced before this step. What is left:
capitals are spelled letter by letter (CEO 씨이오, R&D 알앤디, U.S. 유에스). Words with small
letters (Carlos, iPhone) are left as written on purpose: spelling them would be noise, and the
voices read them as English words, which is the best we can do without knowing them.
"""

import re

from a11y.speech.readings import AMPERSAND, LETTER_NAMES


def spell_acronyms(text: str) -> str:
    """CEO → 씨이오, CNN방송 → 씨엔엔방송, AI → 에이아이, X → 엑스, M&A → 엠앤에이, U.S. → 유에스."""
    text = _DOTTED_ACRONYM.sub(lambda match: _spell(match.group(0).replace(".", "")), text)
    return _ACRONYM.sub(lambda match: _spell(match.group(0)), text)


# U.S., U.N.: two or more capitals each followed by a dot.
_DOTTED_ACRONYM = re.compile(r"(?<![A-Za-z])(?:[A-Z]\.){2,}")
# Capitals not inside a word with small letters (Tesla, iPhone); possessive, so CEOs stays whole.
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z](?:&?[A-Z])*+(?![a-z])")


def _spell(acronym: str) -> str:
    return "".join(AMPERSAND if char == "&" else LETTER_NAMES[char] for char in acronym)
