"""Regular expressions for a list of words, built as a trie: '시(?:간|)' rather than '시간|시'.

Python's regex engine tries the branches of an alternation one by one, so a list of 300 counters
costs 300 tries wherever a number ends; a trie costs one try per character of the longest match.
The longest word still wins, as with a longest-first alternation.
"""

import re
from collections.abc import Callable, Iterable


def alternation(
    words: Iterable[str],
    before: Callable[[str], str] = lambda first: "",
    after: Callable[[str], str] = lambda word: "",
    behind_first: Callable[[str], str] = lambda first: "",
) -> str:
    """A non-capturing pattern matching any of `words`, the longest where several match.

    `before(first_character)` is a pattern put before the words starting with that character
    (a look-behind, say); `after(word)` one that must hold where that word ends (a look-ahead).
    `behind_first(first_character)` is a pattern put right after the first character: a
    look-behind there keeps every branch starting with a plain character, so the engine skips in C
    to the places where one of the first characters stands instead of trying every position.
    """
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = after(word)
    if not trie:
        return "(?!)"
    branches = [
        before(char) + re.escape(char) + behind_first(char) + _pattern(child) for char, child in sorted(trie.items())
    ]
    return "(?:" + "|".join(branches) + ")"


def _pattern(node: dict) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return node.get("", "")
    # A word ending here makes the rest optional; the longer words are tried first.
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if not ends_here:
        return body
    end = node[""]
    return f"(?:{body}|{end})" if end else f"(?:{body})?"
