"""The publisher lexicon: how the voice says what no rule can know (Tesla 테슬라, NASA 나사).

The file format (UTF-8 text), as in the default `lexicon.txt` beside this module:

    # A comment line; blank lines are ignored too.
    Tesla = 테슬라
    X = 엑스

- One entry a line: WRITTEN = SPOKEN, split at the first '='; spaces around both are trimmed.
- WRITTEN matches exactly as written, capitals included. Where it begins or ends with a Latin
  letter or a digit, it does not match inside a longer Latin word or number: `X` matches in
  'X에서' and '(X‧옛 트위터)', not in 'Xbox'; `G7` not in 'G70'.
- The longest entry wins where two could match ('COVID-19' before 'COVID').
- SPOKEN is Hangul, spaces and . , ? ! only, so a voice never switches language for it.
- A WRITTEN form appears once; it may not contain '=' nor start with '#'.
- A line `#: NOTE` just before an entry is that entry's note (why it is there, who asked): an
  older reader takes it for a comment, so files with notes stay readable everywhere.

A lexicon is itself a normalizing step (`str -> str`); `normalizer.with_lexicon` puts it in the
pipeline before numbers and letters are read, so entries may hold digits and capitals.
"""

import logging
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from a11y.speech.alternation import alternation
from a11y.speech.particles import PARTICLE, fit_particle

log = logging.getLogger(__name__)

DEFAULT_LEXICON_PATH = Path(__file__).with_name("lexicon.txt")
MAX_ENTRIES = 10_000
MAX_WRITTEN_CHARS = 100
MAX_SPOKEN_CHARS = 200
MAX_NOTE_CHARS = 200
NOTE_PREFIX = "#:"

_SPOKEN = re.compile(r"[가-힣 .,?!]+")
_HEADER = """\
# a11y publisher lexicon: WRITTEN = SPOKEN, one entry a line (see a11y/speech/lexicon.py).
# WRITTEN matches exactly, capitals included, and not inside a longer Latin word or number.
# SPOKEN is Hangul, spaces and . , ? ! only.
"""


class LexiconError(ValueError):
    """A lexicon entry or file that cannot be used; the message says which and why, in Korean."""


class Lexicon:
    """Written forms and how they are said, applied to text as one normalizing step."""

    def __init__(self, entries: Mapping[str, str], notes: Mapping[str, str] | None = None):
        if len(entries) > MAX_ENTRIES:
            raise LexiconError(f"사전 항목은 {MAX_ENTRIES:,}개까지입니다 ({len(entries):,}개).")
        self._entries = {_written(written): _spoken(written, spoken) for written, spoken in entries.items()}
        if len(self._entries) != len(entries):
            raise LexiconError("앞뒤 공백을 빼면 같은 표기가 두 번 있습니다.")
        self._pattern = _pattern(self._entries) if self._entries else None
        # Notes say why an entry is there; they never change a sound, so equality ignores them.
        self._notes = {
            _written(written): _note(note)
            for written, note in (notes or {}).items()
            if _written(written) in self._entries and _note(note)
        }

    @classmethod
    def parse(cls, text: str, source: str = "사전") -> "Lexicon":
        """A lexicon from the file format above; errors name the source and line."""
        entries: dict[str, str] = {}
        notes: dict[str, str] = {}
        note = None
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith(NOTE_PREFIX):
                note = stripped[len(NOTE_PREFIX) :].strip()
                continue
            if not stripped or stripped.startswith("#"):
                note = None
                continue
            written, equals, spoken = stripped.partition("=")
            where = f"{source} {number}번째 줄"
            if not equals or not written.strip() or not spoken.strip():
                raise LexiconError(f"{where}: '표기 = 읽기' 꼴이 아닙니다: {stripped}")
            if written.strip() in entries:
                raise LexiconError(f"{where}: ‘{written.strip()}’ 항목이 두 번 나옵니다.")
            entries[written.strip()] = spoken.strip()
            if note:
                notes[written.strip()] = note[:MAX_NOTE_CHARS]
            note = None
        try:
            return cls(entries, notes)
        except LexiconError as error:
            raise LexiconError(f"{source}: {error}") from error

    @property
    def entries(self) -> dict[str, str]:
        return dict(self._entries)

    @property
    def notes(self) -> dict[str, str]:
        """Written form → its note, for the entries that have one."""
        return dict(self._notes)

    def with_entry(self, written: str, spoken: str, note: str = "", replacing: str | None = None) -> "Lexicon":
        """This lexicon with one entry added or changed (in place of `replacing`, if given), keeping
        the order of the others. Raises LexiconError for an entry that cannot be used."""
        written = _written(written)
        replacing = _written(replacing) if replacing else written
        if written != replacing and written in self._entries:
            raise LexiconError(f"‘{written}’ 항목이 이미 있습니다. 그 항목을 고쳐 주세요.")
        entries, notes = {}, {}
        for old, said in self._entries.items():
            if old == replacing:
                entries[written], notes[written] = spoken, note
            else:
                entries[old], notes[old] = said, self._notes.get(old, "")
        if written not in entries:
            entries[written], notes[written] = spoken, note
        return Lexicon(entries, notes)

    def without(self, written: str) -> "Lexicon":
        """This lexicon without the entry for `written` (the same lexicon if there is none)."""
        written = written.strip()
        return Lexicon(
            {old: said for old, said in self._entries.items() if old != written},
            {old: note for old, note in self._notes.items() if old != written},
        )

    def dumps(self) -> str:
        """The file format, with a short header; `Lexicon.parse(lexicon.dumps())` is the same lexicon."""
        lines = []
        for written, spoken in self._entries.items():
            if written in self._notes:
                lines.append(f"{NOTE_PREFIX} {self._notes[written]}\n")
            lines.append(f"{written} = {spoken}\n")
        return _HEADER + "".join(lines)

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match) -> str:
        spoken = self._entries[match["written"]]
        # 'Fed는' becomes '연준은': the particle follows the new sound.
        return spoken + (fit_particle(spoken, match["particle"]) if match["particle"] else "")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and self._entries == other._entries

    def __repr__(self) -> str:
        return f"Lexicon({len(self._entries)} entries)"


def _written(written: str) -> str:
    written = written.strip()
    if not written:
        raise LexiconError("표기가 비어 있습니다.")
    if len(written) > MAX_WRITTEN_CHARS:
        raise LexiconError(f"표기는 {MAX_WRITTEN_CHARS}자까지입니다: {written[:20]}…")
    if "=" in written or "\n" in written or "\r" in written or written.startswith("#"):
        raise LexiconError(f"표기에는 '='와 줄바꿈을 쓸 수 없고, '#'로 시작할 수 없습니다: {written}")
    return written


def _spoken(written: str, spoken: str) -> str:
    spoken = " ".join(spoken.split())
    if not spoken or len(spoken) > MAX_SPOKEN_CHARS or not _SPOKEN.fullmatch(spoken):
        raise LexiconError(
            f"‘{written.strip()}’의 읽기 ‘{spoken}’: 읽기는 {MAX_SPOKEN_CHARS}자 이내의 한글과 띄어쓰기, "
            "문장부호(. , ? !)로만 적어 주세요."
        )
    return spoken


def _note(note: str | None) -> str:
    note = " ".join((note or "").split())  # one line: a line break would end it in the file
    if len(note) > MAX_NOTE_CHARS:
        raise LexiconError(f"메모는 {MAX_NOTE_CHARS}자까지입니다 ({len(note):,}자).")
    return note


def _pattern(entries: Mapping[str, str]) -> re.Pattern:
    # One trie of every entry (see alternation.py): a place in the text tries one branch a
    # character, not each entry in turn. An entry that begins or ends with a Latin letter or digit
    # carries its own boundary there.
    words = alternation(
        entries,
        # '(?<![A-Za-z0-9]X)' after the X rather than '(?<![A-Za-z0-9])' before it: the same test,
        # but the pattern then starts with a plain character, which the engine looks for in C.
        behind_first=lambda first: rf"(?<![A-Za-z0-9]{re.escape(first)})" if _latin_or_digit(first) else "",
        after=lambda written: r"(?![A-Za-z0-9])" if _latin_or_digit(written[-1]) else "",
    )
    return re.compile(f"(?P<written>{words})(?P<particle>{PARTICLE})?")


def _latin_or_digit(char: str) -> bool:
    return char.isascii() and char.isalnum()


def load_lexicon(path: Path | None) -> Lexicon:
    """The lexicon at `path`, or the package's default when there is none there."""
    if path is None or not path.is_file():
        path = DEFAULT_LEXICON_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise LexiconError(f"{path}: UTF-8 텍스트가 아닙니다.") from error
    return Lexicon.parse(text, source=str(path))


class LexiconFile:
    """The lexicon in force, kept in one file (the default's entries until the first write).

    Re-read whenever the file changes, so every worker process follows a write made by another.
    With PostgreSQL the lexicon lives in the database instead (a11y/store/shared_state.py: LexiconTable).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: object = _NEVER_READ
        self._lexicon = Lexicon({})

    def current(self) -> Lexicon:
        """The lexicon as the file now says; a file broken by hand keeps the last good one in force."""
        stamp = _stamp(self.path)
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._lexicon = load_lexicon(self.path)
                except LexiconError:
                    if self._stamp is _NEVER_READ:
                        raise
                    log.error("lexicon %s is broken; keeping the one read before", self.path, exc_info=True)
                self._stamp = stamp
            return self._lexicon

    def replace(self, lexicon: Lexicon) -> None:
        """Write the whole lexicon atomically: readers see the old file or the new, never half."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".lexicon-", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(lexicon.dumps())
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self._lexicon, self._stamp = lexicon, _stamp(self.path)

    def version(self) -> tuple[int, int] | None:
        """Changes whenever the file does (one stat); None while there is none (the package's default)."""
        return _stamp(self.path)


_NEVER_READ = object()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_mtime_ns, status.st_size
