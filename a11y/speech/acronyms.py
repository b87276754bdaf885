"""The table of names said as words (`data/acronyms.tsv`: NATO 나토, Google 구글), read once.

The format is described in `data/README.md`: NAME<TAB>reading, `#` comments. A NAME all in
capitals matches only itself; a NAME with a small letter matches whatever its case.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

ACRONYMS_PATH = Path(__file__).with_name("data") / "acronyms.tsv"


@dataclass(frozen=True)
class NameTable:
    exact: dict[str, str]  # all-capital names, matched as written
    folded: dict[str, str]  # names with a small letter, matched by their casefold
    longest_words: int  # the most words a name holds (Galaxy Tab: 2)

    def reading(self, name: str) -> str | None:
        return self.exact.get(name) or self.folded.get(name.casefold())


def parse_names(text: str) -> NameTable:
    """A table from the file's text; a malformed line is an error naming it."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, tab, reading = line.partition("\t")
        name, reading = name.strip(), " ".join(reading.split())
        if not tab or not name or not reading:
            raise ValueError(f"acronyms line {number}: expected NAME<TAB>reading, got {line!r}")
        if name.upper() == name:
            exact[name] = reading
        else:
            folded.setdefault(name.casefold(), reading)
    longest = max((name.count(" ") + 1 for name in (*exact, *folded)), default=1)
    return NameTable(exact, folded, longest)


@cache
def default_names() -> NameTable:
    """The package's table (empty if the file is missing)."""
    try:
        return parse_names(ACRONYMS_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return NameTable({}, {}, 1)
