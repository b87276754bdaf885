"""The audio cache: content-addressed MP3 files, written whole or not at all.

`<key>.mp3` was made by the preferred voice and never changes; `<key>.<voice>.mp3` was made by a
fallback voice and is replaced when the preferred voice makes it. Beside each segment file lies its
sentence timings, `<key>.json` (or `<key>.<voice>.json`), written before the MP3 appears, so an MP3
made with timings always has them. Whole-article files live in
`articles/<hash>.mp3`. A file is checked frame by frame before it is handed out: one that is not a
whole MP3 (a disk that lost blocks, a hand-copied file) is removed, so the caller makes it again.

Writers of the same key in different processes take a file lock (`.locks/<name>.lock`, flock):
one makes the file, the others wait and then find it. Linux and macOS only (fcntl). The folder may
be shared by several machines (`A11Y_AUDIO_STORE=file:///shared/folder`): files appear whole by
rename; flock across machines holds only where the shared file system honours it (NFSv4 does).

The other backend, S3AudioStore (s3.py), has the same public methods; callers that need the bytes
of an audio file (whole-article building, durations, chapters) read them with `read`, never by path.
"""

import fcntl
import json
import logging
import os
import re
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from a11y.audio import mp3
from a11y.audio.encoding import CHANNELS, SAMPLE_RATE_HZ
from a11y.disk import check_writable

log = logging.getLogger(__name__)

_KEY = re.compile(r"[0-9a-f]{64}")
_SEGMENT_FILE = re.compile(r"(?P<key>[0-9a-f]{64})(?:\.(?P<engine>[a-z0-9_-]+))?\.mp3")
_LOCK_NAME = re.compile(r"[a-z0-9_-]{1,100}")
WHOLE_DIR = "articles"
LOCK_DIR = ".locks"
TEMP_SUFFIX = ".part"
HEALTH_PROBE_PREFIX = ".health-"  # a health check's file, removed at once
STALE_WRITE_S = 600  # a temporary file this old belongs to a writer that died mid-write
TOUCH_EVERY_S = 60  # last-use times are kept to this precision, sparing a write on every hit
_VERIFIED_MEMORY = 20_000  # files whose check is remembered, by (inode, size, mtime)


@dataclass(frozen=True)
class CachedAudio:
    key: str
    path: Path  # where it lies: a file here; in S3AudioStore, a StoredObject (s3.py)
    engine: str | None  # None: the preferred voice made it

    @property
    def preferred(self) -> bool:
        return self.engine is None


@dataclass(frozen=True)
class CacheFile:
    path: Path  # in S3AudioStore, a StoredObject
    kind: str  # "segment", "whole", "temporary"
    bytes: int
    used_at: float  # last access (atime), for least-recently-used eviction
    key: str | None = None  # segment key or whole-article hash
    engine: str | None = None  # segment files made by a fallback voice


@dataclass
class CacheStats:
    files: int = 0
    bytes: int = 0
    by_voice: dict[str, list[int]] = field(default_factory=dict)  # voice -> [files, bytes]
    whole: list[int] = field(default_factory=lambda: [0, 0])
    orphans: list[int] = field(default_factory=lambda: [0, 0])
    temporary: list[int] = field(default_factory=lambda: [0, 0])


@dataclass
class PruneReport:
    removed_files: int = 0
    removed_bytes: int = 0
    evicted_files: int = 0  # of those, files still needed, removed to fit --max-bytes
    kept_files: int = 0
    kept_bytes: int = 0


class AudioCache:
    def __init__(self, root: Path, fallback_voices: Sequence[str] = ()):
        # Absolute: a server that sends a file by its path (ASGI pathsend) may not share our working folder.
        self.root = Path(root).absolute()
        # Lookups try exact names, `<key>.mp3` and then `<key>.<voice>.mp3` for these voices in turn:
        # listing the folder would cost time that grows with the cache (38 ms at 20,000 files).
        self.fallback_voices = tuple(fallback_voices)
        self._verified: OrderedDict[Path, tuple[int, int, int]] = OrderedDict()
        self._verified_lock = threading.Lock()
        self._checking: dict[Path, threading.Lock] = {}  # files being checked now

    # Segments

    def find(self, key: str) -> CachedAudio | None:
        """The segment's audio, preferred voice first; a file that is not whole is removed, not returned."""
        for candidate in self._candidates(check_key(key)):
            if self._whole_file(candidate.path):
                return candidate
        return None

    def known(self, key: str) -> tuple[CachedAudio, os.stat_result] | None:
        """The segment's audio and its status if a file for it was already checked whole: a stat per
        name tried and no read, cheap enough for an event loop. None: ask find() (in a thread)."""
        for candidate in self._candidates(check_key(key)):
            status = self._checked_status(candidate.path)
            if status is not None:
                return candidate, status
            if candidate.path.exists():  # there, but not checked yet: find() reads it
                return None
        return None

    def known_whole(self, digest: str) -> tuple[Path, os.stat_result] | None:
        """A whole-article file and its status if it was already checked whole; None: ask find_whole()."""
        path = self.root / WHOLE_DIR / f"{check_key(digest)}.mp3"
        status = self._checked_status(path)
        return (path, status) if status is not None else None

    def _candidates(self, key: str) -> list[CachedAudio]:
        preferred = [CachedAudio(key, self.root / f"{key}.mp3", None)]
        return preferred + [CachedAudio(key, self.root / f"{key}.{voice}.mp3", voice) for voice in self.fallback_voices]

    def put(self, key: str, data: bytes, engine: str | None = None, timings: dict | None = None) -> CachedAudio:
        """Store a segment's MP3 (atomically) and its timings (first, so the MP3 is the commit point);
        a preferred-voice file replaces any fallback one."""
        check_key(key)
        target = self.root / (f"{key}.mp3" if engine is None else f"{key}.{engine}.mp3")
        if engine is not None and engine not in self.fallback_voices:
            self.fallback_voices += (engine,)  # a voice that writes here is looked for here
        _check_house_mp3(data)
        if timings is not None:
            _write_atomic(sidecar(target), timings_bytes(timings))
        else:
            sidecar(target).unlink(missing_ok=True)  # an older file's timings would not fit this audio
        try:
            _write_whole(target, data)
        except BaseException:
            if timings is not None:  # timings without their audio would be a stray file
                sidecar(target).unlink(missing_ok=True)
            raise
        self._remember_checked(target)
        if engine is None:
            for stale in (candidate.path for candidate in self._candidates(key)[1:]):
                stale.unlink(missing_ok=True)
                sidecar(stale).unlink(missing_ok=True)
        return CachedAudio(key, target, engine)

    def timings(self, audio: CachedAudio) -> dict | None:
        """The timings stored beside a segment's MP3 (see synthesizer.py for their form); None without them."""
        try:
            return json.loads(sidecar(audio.path).read_bytes())
        except (OSError, ValueError):
            return None

    def read(self, path: Path) -> bytes:
        """An audio file's bytes (a segment's `.path` or a whole-article file). Raises OSError."""
        return path.read_bytes()

    def exists(self, path: Path) -> bool:
        return path.exists()

    def stat(self, path: Path) -> os.stat_result | None:
        """The file's status (what its HTTP validators come from); None if it is gone."""
        try:
            return path.stat()
        except OSError:
            return None

    def version(self, path: Path) -> tuple:
        """What changes when the file is replaced under the same name (for caches of what was read
        from it). Raises OSError when it is gone."""
        status = path.stat()
        return status.st_ino, status.st_size, status.st_mtime_ns

    def check(self) -> None:
        """Raise OSError unless a file can be written here now (health checks)."""
        self.root.mkdir(parents=True, exist_ok=True)  # the store makes its folder on its first file
        check_writable(self.root, HEALTH_PROBE_PREFIX)

    # Whole-article files

    def find_whole(self, digest: str) -> Path | None:
        path = self.root / WHOLE_DIR / f"{check_key(digest)}.mp3"
        return path if self._whole_file(path) else None

    def put_whole(self, digest: str, data: bytes) -> Path:
        path = self.root / WHOLE_DIR / f"{check_key(digest)}.mp3"
        _write_whole(path, data)
        self._remember_checked(path)
        return path

    # Across processes

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold `.locks/<name>.lock` exclusively (waiting for it), across threads and processes alike."""
        with _FileLock(self._lock_path(name), blocking=True):
            yield

    def try_lock(self, name: str) -> "_FileLock | None":
        """The lock if it is free now (release it with .release()), else None."""
        held = _FileLock(self._lock_path(name), blocking=False)
        return held if held.acquire() else None

    def _lock_path(self, name: str) -> Path:
        return lock_path(self.root / LOCK_DIR, name)

    # Upkeep

    def touch(self, path: Path, status: os.stat_result | None = None) -> None:
        """Mark a file as just used, for least-recently-used eviction (its mtime, hence ETag, stays).
        `status`: the file's, if the caller has it (a write at most once a minute, else nothing)."""
        try:
            status = status or path.stat()
            now = time.time()
            if now - status.st_atime > TOUCH_EVERY_S:
                os.utime(path, ns=(time.time_ns(), status.st_mtime_ns))
        except OSError:
            pass  # removed meanwhile: nothing to mark

    def files(self) -> list[CacheFile]:
        """Every segment, whole-article and temporary file in the cache."""
        found: list[CacheFile] = []
        for folder, kind in ((self.root, "segment"), (self.root / WHOLE_DIR, "whole")):
            if not folder.is_dir():
                continue
            for entry in os.scandir(folder):
                if not entry.is_file():
                    continue
                status = entry.stat()
                if entry.name.endswith(TEMP_SUFFIX):
                    found.append(CacheFile(Path(entry.path), "temporary", status.st_size, status.st_mtime))
                    continue
                match = _SEGMENT_FILE.fullmatch(entry.name)
                if match is None or (kind == "whole" and match["engine"]):
                    continue
                found.append(
                    CacheFile(Path(entry.path), kind, status.st_size, status.st_atime, match["key"], match["engine"])
                )
        return found

    def stats(self, needed_keys: set[str], needed_whole: set[str], preferred_voice: str) -> CacheStats:
        """What the cache holds; orphans are files that no stored article needs."""
        return stats_of(self.files(), self._needed(needed_keys, needed_whole), preferred_voice)

    def prune(self, needed_keys: set[str], needed_whole: set[str], max_bytes: int | None = None) -> PruneReport:
        """Remove what no stored article needs and dead writers' leftovers; then, if the cache is still
        over max_bytes, the least recently used files until it fits."""
        keep = self._needed(needed_keys, needed_whole)
        report = prune_entries(self.files(), keep, max_bytes, _remove_file)
        remove_idle_locks(self.root / LOCK_DIR)
        return report

    def _needed(self, needed_keys: set[str], needed_whole: set[str]) -> set[Path]:
        """The one file each needed key is served from (a fallback file beside a preferred one is not)."""
        keep = {self.root / WHOLE_DIR / f"{digest}.mp3" for digest in needed_whole}
        for key in needed_keys:
            found = self.find(key)
            if found:
                keep.add(found.path)
        return keep

    def _checked_status(self, path: Path) -> os.stat_result | None:
        """The file's status if it is the very file checked whole before (same inode, size and time)."""
        try:
            status = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        with self._verified_lock:
            if self._verified.get(path) == (status.st_ino, status.st_size, status.st_mtime_ns):
                self._verified.move_to_end(path)
                return status
        return None

    def _remember_checked(self, path: Path) -> None:
        """A file this process just wrote from checked data is whole: its first reader need not read it."""
        try:
            status = path.stat()
        except OSError:
            return
        with self._verified_lock:
            self._verified[path] = (status.st_ino, status.st_size, status.st_mtime_ns)
            if len(self._verified) > _VERIFIED_MEMORY:
                self._verified.popitem(last=False)

    def _whole_file(self, path: Path) -> bool:
        if self._checked_status(path) is not None:
            return True
        # One check of a file at a time: a crowd asking for a file not checked yet (just after a
        # restart) waits for the first check instead of reading and parsing the file once each.
        with self._verified_lock:
            checking = self._checking.setdefault(path, threading.Lock())
        with checking:
            try:
                return self._check_whole_file(path)
            finally:
                with self._verified_lock:
                    self._checking.pop(path, None)

    def _check_whole_file(self, path: Path) -> bool:
        if self._checked_status(path) is not None:
            return True
        try:
            status = path.stat()
        except FileNotFoundError:
            return False
        signature = (status.st_ino, status.st_size, status.st_mtime_ns)
        try:
            _check_house_mp3(_read_quietly(path))
        except FileNotFoundError:
            return False
        except mp3.Mp3Error as error:
            log.warning("removing %s from the audio cache: not a whole MP3 (%s)", path.name, error)
            path.unlink(missing_ok=True)
            return False
        with self._verified_lock:
            self._verified[path] = signature
            if len(self._verified) > _VERIFIED_MEMORY:
                self._verified.popitem(last=False)
        return True


def _check_house_mp3(data: bytes) -> None:
    """Raise Mp3Error unless data is a whole MP3 in the house format (mono, SAMPLE_RATE_HZ)."""
    layout = mp3.parse(data)
    if (layout.sample_rate_hz, layout.mono) != (SAMPLE_RATE_HZ, CHANNELS == 1):
        raise mp3.Mp3Error(f"{layout.sample_rate_hz} Hz {'mono' if layout.mono else 'stereo'} is not the house format")


def _read_quietly(path: Path) -> bytes:
    """Read without marking the file as used: checking a file is not listening to it (LRU eviction)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOATIME", 0))
    except PermissionError:  # O_NOATIME needs the file's owner; others read it plainly
        fd = os.open(path, os.O_RDONLY)
    with os.fdopen(fd, "rb") as file:
        return file.read()


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError(f"not an audio key: {key[:80]!r}")
    return key


def sidecar(audio_path: PurePath) -> PurePath:
    """Where a segment file's sentence timings lie: `<key>.json` beside `<key>.mp3` (a file's path, or
    an object's name in S3)."""
    return audio_path.with_suffix(".json")


def timings_bytes(timings: dict) -> bytes:
    """A timings file's content, as either store writes it."""
    return json.dumps(timings, ensure_ascii=False, separators=(",", ":")).encode()


def _write_whole(target: Path, data: bytes) -> None:
    """Write an MP3 atomically; data that is not a whole house-format MP3 is refused."""
    _check_house_mp3(data)
    _write_atomic(target, data)


def _write_atomic(target: Path, data: bytes) -> None:
    """Write atomically: a temporary file in the same folder, fsynced, then renamed over the target.

    A crash at any moment leaves the old file or the new one, never a mix; what a crash leaves
    behind is a `.part` file that `prune` removes.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:16]}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)  # readable by a web server in front (nginx) as well
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class _FileLock:
    """An flock on a lock file that is removed when released.

    Removing a lock file is safe only because a taker checks, once it holds the lock, that the path
    still names the file it locked; if a releaser removed it meanwhile, the taker starts over.
    """

    def __init__(self, path: Path, blocking: bool):
        self.path, self.blocking, self._fd = path, blocking, None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if self.blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                os.close(fd)
                return False
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return True
            os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._fd)  # closing drops the flock
        self._fd = None

    def __enter__(self) -> "_FileLock":
        self.acquire()
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def lock_path(folder: Path, name: str) -> Path:
    if not _LOCK_NAME.fullmatch(name):
        raise ValueError(f"not a lock name: {name[:80]!r}")
    return folder / f"{name}.lock"


def remove_idle_locks(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in folder.glob("*.lock"):
        held = _FileLock(path, blocking=False)
        if held.acquire():  # nobody holds it: removed by the release below
            held.release()


def stats_of(entries: list[CacheFile], keep: set, preferred_voice: str) -> CacheStats:
    """What a store holds, by voice; orphans are entries not in `keep` (the ones articles need)."""
    stats = CacheStats()
    for entry in entries:
        if entry.kind == "temporary":
            _add(stats.temporary, entry.bytes)
            continue
        stats.files += 1
        stats.bytes += entry.bytes
        if entry.path not in keep:
            _add(stats.orphans, entry.bytes)
        if entry.kind == "whole":
            _add(stats.whole, entry.bytes)
        else:
            voice = f"{entry.engine} (fallback)" if entry.engine else preferred_voice
            _add(stats.by_voice.setdefault(voice, [0, 0]), entry.bytes)
    return stats


def prune_entries(
    entries: list[CacheFile], keep: set, max_bytes: int | None, remove: Callable[[CacheFile], None]
) -> PruneReport:
    """Remove (with `remove`) entries not in `keep` and dead writers' leftovers; then, while the rest
    is over max_bytes, the least recently used."""
    report = PruneReport()
    kept: list[CacheFile] = []
    stale_before = time.time() - STALE_WRITE_S
    for entry in entries:
        if entry.kind == "temporary":
            if entry.used_at < stale_before:
                _removed(entry, report, remove)
        elif entry.path in keep:
            kept.append(entry)
        else:
            _removed(entry, report, remove)
    total = sum(entry.bytes for entry in kept)
    if max_bytes is not None:
        for entry in sorted(kept, key=lambda entry: entry.used_at):
            if total <= max_bytes:
                break
            _removed(entry, report, remove)
            report.evicted_files += 1
            total -= entry.bytes
            kept.remove(entry)
    report.kept_files, report.kept_bytes = len(kept), total
    return report


def _add(counter: list[int], size: int) -> None:
    counter[0] += 1
    counter[1] += size


def _removed(entry: CacheFile, report: PruneReport, remove: Callable[[CacheFile], None]) -> None:
    remove(entry)
    report.removed_files += 1
    report.removed_bytes += entry.bytes


def _remove_file(entry: CacheFile) -> None:
    entry.path.unlink(missing_ok=True)
    if entry.kind == "segment":
        sidecar(entry.path).unlink(missing_ok=True)
