"""Regular expressions for a list of words, built as a trie: '시(?:간|)' rather than '시간|시'.

Python's regex engine tries the branches of an alternation one by one, so a list of 300 counters
costs 300 tries wherever a number ends; a trie costs one try per character of the longest match.
The longest word still wins, as with a longest-first alternation.
"""

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """A non-capturing pattern matching any of `words`, the longest where several match."""
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(trie) if trie else "(?!)"


def _pattern(node: dict) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    # A word ending here makes the rest optional; greedy, so the longest word is tried first.
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body
