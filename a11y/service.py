"""The service as the CLI and the web see it: store, narration script and voices wired together."""

import json
import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from a11y.article import Article
from a11y.errors import NotFound, NotReady, Unavailable
from a11y.audio import mp3, open_audio_store
from a11y.audio.files import CachedAudio, CacheStats, PruneReport
from a11y.engines import Engine, build_engines
from a11y.audio.flight import SingleFlight
from a11y.metrics import Metrics
from a11y.script import SYNTHESIS_FORMAT, Segment, narration_script
from a11y.audio.synthesis import Synthesizer, timed_sentences
from a11y.jobs.pregen import Pregenerator
from a11y.settings import Settings
from a11y.speech import NORMALIZER_VERSION, Lexicon, LexiconFile, normalize, with_lexicon
from a11y.store import Store, StoredArticle, open_store
from a11y.store.shared_state import LexiconTable, rekey_once
from a11y.audio.whole import ArticleAudio, whole_digest

if TYPE_CHECKING:
    from a11y.jobs.queue import JobQueue

# Whole-article files a feed poll asks for are built here, one at a time and at a lower CPU priority,
# never on the voice threads listeners wait on.
BACKGROUND_BUILD_THREADS = 1
BACKGROUND_NICENESS = 10
WHOLE_FILES_REMEMBERED = 10_000  # articles whose whole-article file (or its absence) is remembered
_UNKNOWN = object()
SCRIPT_BASIS_FILE = "script-basis.json"

log = logging.getLogger(__name__)


@dataclass
class Service:
    settings: Settings
    store: Store
    synthesizer: Synthesizer
    pregen: Pregenerator | None = None  # built from store and synthesizer when not given
    # settings.jobs == "queue": audio is made by `a11y worker` processes, this process only queues jobs
    queue: "JobQueue | None" = None  # built from settings.database_url when not given
    metrics: Metrics = field(default_factory=Metrics)
    # One lexicon edit at a time: each reads the lexicon, changes one entry and writes it whole.
    _lexicon_edit: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self):
        if self.pregen is None:
            self.pregen = Pregenerator(self.store, self.synthesizer)
        if self.queue is None and self.settings.jobs == "queue":
            from a11y.jobs.queue import JobQueue  # Procrastinate is loaded only where the queue is used

            self.queue = JobQueue(self.settings.database_url)
        self.synthesizer.observe = self.metrics.synthesis
        self.metrics.watch(self.store.pregen_queue_length, self.voice_breakers)
        self.background_builds = SingleFlight(
            ThreadPoolExecutor(BACKGROUND_BUILD_THREADS, thread_name_prefix="a11y-feed", initializer=_lower_priority)
        )
        # article id -> (stamp it was worked out for, the store's data version when that stamp was read,
        # the whole file's future or None: incomplete)
        self._whole_files: OrderedDict[str, tuple[tuple, int, Future[Path] | None]] = OrderedDict()
        self._whole_files_lock = threading.Lock()
        self._stamps: OrderedDict[str, tuple[int, tuple]] = OrderedDict()  # article id -> (data version, stamp)
        self.refresh_script()

    def refresh_script(self) -> dict[str, int]:
        """Re-key the stored segments once after an upgrade that changes how articles are spoken or
        made (normalizer, synthesis format, voice), so the keys the store holds are the ones pages and
        audio routes ask for. `<data_dir>/script-basis.json` names what the store was keyed with; with
        PostgreSQL the database does, so the first upgraded node re-keys for all.

        Returns, per changed article, how many segments changed (nothing when the basis is the same).
        Their audio is made again when a listener (or `a11y synth`) asks.
        """
        basis = {"voice": self.synthesizer.voice_id, "normalizer": NORMALIZER_VERSION, "format": SYNTHESIS_FORMAT}
        if self.settings.uses_postgres:
            changed = rekey_once(self.store, basis, partial(self.store.refresh_segments, self.script))
            if changed:
                log.info("re-keyed %d articles for a new narration basis %s", len(changed), basis)
            return changed
        marker = self.settings.data_dir / SCRIPT_BASIS_FILE
        try:
            if json.loads(marker.read_text(encoding="utf-8")) == basis:
                return {}
        except (OSError, ValueError):
            pass  # no marker yet (or an unreadable one): key again, once
        try:
            changed = self.store.refresh_segments(self.script) if self.store.count() else {}
        except (sqlite3.Error, OSError) as error:  # a read-only or full disk: serve; the next start tries again
            log.error("could not re-key the stored articles for %s: %s", basis, error)
            return {}
        try:
            marker.write_text(json.dumps(basis), encoding="utf-8")
        except OSError as error:  # a read-only disk: the keys are right now; the next start checks again
            log.warning("could not record the narration basis in %s: %s", marker, error)
        if changed:
            log.info("re-keyed %d articles for a new narration basis %s", len(changed), basis)
        return changed

    def voice_breakers(self) -> dict[str, bool]:
        """For each voice with a circuit breaker (Google's), whether it is open (the voice skipped)."""
        return {engine.name: engine.breaker.is_open for engine in self.synthesizer.engines if hasattr(engine, "breaker")}

    def voice_states(self) -> list[dict[str, str]]:
        """Each voice in the order they are tried: "skipped" while its circuit breaker is open, else "ok"."""
        breakers = self.voice_breakers()
        return [
            {"name": engine.name, "state": "skipped" if breakers.get(engine.name) else "ok"}
            for engine in self.synthesizer.engines
        ]

    def queue_length(self) -> int:
        """Articles waiting for their audio to be made ahead of listeners."""
        return self.store.pregen_queue_length()

    def check_store(self) -> None:
        """Raise Unavailable unless the store could take a write now (the health check's question)."""
        self.store.check()

    def article_count(self) -> int:
        return self.store.count()

    def articles_page(self, limit: int, offset: int = 0) -> list[StoredArticle]:
        """Stored articles newest first: `limit` of them, after the newest `offset`."""
        return self.store.newest(limit, offset)

    def newest_versions(self, limit: int) -> list[tuple[str, str]]:
        """(id, version) of the newest `limit` articles, newest first, without reading them."""
        return self.store.newest_versions(limit)

    def article_ids(self) -> list[str]:
        return self.store.ids()

    def segment_keys(self) -> set[str]:
        """The audio keys every stored article's segments have."""
        return self.store.segment_keys()

    @classmethod
    def from_settings(cls, settings: Settings, engines: list[Engine] | None = None) -> "Service":
        """The service for settings; `engines` replaces the voices settings.engines names."""
        store = open_store(settings)
        engines = engines or build_engines(settings)
        cache = open_audio_store(settings, fallback_voices=[engine.name for engine in engines[1:]])
        synthesizer = Synthesizer(engines, cache, record=store.record_audio)
        return cls(settings, store, synthesizer)

    @cached_property
    def lexicon(self) -> "LexiconFile | LexiconTable":
        """The publisher lexicon in force, kept in settings.lexicon_file; with PostgreSQL, in the
        database, so an edit on one node is in force on every node and worker."""
        if self.settings.uses_postgres:
            return LexiconTable(self.store, seed=self.settings.lexicon_file)
        return LexiconFile(self.settings.lexicon_file)

    def script(self, article: Article, speak: Callable[[str], str] | None = None) -> list[Segment]:
        """The narration script, spoken through the normalizer with the lexicon in force. `speak`
        replaces that normalizer with one that says the same (the desk's records every step)."""
        speak = speak or partial(normalize, steps=with_lexicon(self.lexicon.current()))
        return narration_script(article, self.synthesizer.voice_id, speak, NORMALIZER_VERSION)

    def replace_lexicon(self, lexicon: Lexicon, words: Iterable[str] | None = None) -> dict[str, int]:
        """Put a new lexicon in force and re-key the stored segments whose words it changes.

        `words`, when given, are the only written forms whose entries changed: then only articles
        that hold one of them are scripted again. Returns, for each article with a changed segment,
        how many changed.
        """
        self.lexicon.replace(lexicon)
        may_change = partial(_holds_any, tuple(words), _before_lexicon(lexicon)) if words is not None else None
        changed = self.store.refresh_segments(self.script, may_change)
        if self.settings.pregenerate:
            for article_id in changed:  # the new words get their audio before a listener asks
                self._make_ahead(article_id)
        return changed

    def set_lexicon_entry(
        self, written: str, spoken: str, note: str = "", replacing: str | None = None
    ) -> tuple[Lexicon, dict[str, int]]:
        """Add or change one lexicon entry (renaming `replacing`, if given) and re-key what it changes.

        Returns the lexicon now in force and, per changed article, how many segments changed.
        Raises LexiconError for an entry that cannot be used; then nothing is written.
        """
        with self._lexicon_edit:
            lexicon = self.lexicon.current().with_entry(written, spoken, note, replacing)
            return lexicon, self.replace_lexicon(lexicon, {written.strip(), (replacing or written).strip()})

    def remove_lexicon_entry(self, written: str) -> tuple[Lexicon, dict[str, int]]:
        """Remove one lexicon entry; raises NotFound if there is none for `written`."""
        with self._lexicon_edit:
            current = self.lexicon.current()
            if written not in current.entries:
                raise NotFound(f"사전에 없는 표기입니다: {written}")
            lexicon = current.without(written)
            return lexicon, self.replace_lexicon(lexicon, {written})

    def ingest(self, article: Article) -> tuple[StoredArticle, bool]:
        ahead = self.settings.pregenerate
        # Made ahead here: the article and its place in the queue are one transaction, so a process
        # killed between the two cannot leave it stored but never made.
        stored, created = self.store.save(article, self.script(article), queue=ahead and self.queue is None)
        if ahead and self.queue is None:
            self.pregen.wake()
        elif ahead:
            self._make_ahead(stored.id)
        return stored, created

    def start_background_work(self) -> None:
        """Make ingested articles' audio ahead in a background thread, where this process makes audio:
        with settings.pregenerate, and not in queue mode (workers make it there)."""
        if self.settings.pregenerate and self.queue is None:
            self.pregen.start()

    def stop_background_work(self) -> None:
        """Let the segment being made finish, and let go of the queue's connections."""
        self.pregen.stop()
        if self.queue is not None:
            self.queue.close()

    def _make_ahead(self, article_id: str) -> None:
        """Have an article's missing audio made before a listener asks: by this process's pre-generation
        thread, or (queue) by the workers, first segments first."""
        if self.queue is None:
            self.pregen.enqueue(article_id)
        else:
            self.queue.make_segments(self._missing_segments(article_id))

    def _missing_segments(self, article_id: str) -> list[tuple[int, str]]:
        """(position, key) of the article's segments whose audio no voice has made, in listening order."""
        rows = self.store.segment_rows(article_id)
        return [(place, key) for place, key, _spoken in rows if self.synthesizer.cache.find(key) is None]

    def delete(self, article_id: str) -> None:
        """Remove an article; its audio stays cached until `a11y cache prune` finds no article needs it."""
        if not self.store.delete(article_id):
            raise NotFound(f"기사를 찾을 수 없습니다: {article_id}")

    def resynthesize(self, article_id: str) -> int:
        """Queue an article's audio to be made again where it is missing or failed; returns how many
        segments that is. Audio a voice already made is kept (its key says it sounds right)."""
        self.article(article_id)
        missing = self._missing_segments(article_id)
        if self.queue is None:
            self.pregen.enqueue(article_id, retry=[key for _position, key in missing])
        else:
            self.queue.make_segments(missing)
        return len(missing)

    def resynthesize_segment(self, article_id: str, position: int) -> str:
        """Make one segment's audio again, in the background: made when it is missing or failed,
        re-made with the preferred voice when a fallback voice made it. Returns what was done:
        "making", "upgrading", or "ready" (the preferred voice made it; its key says it sounds right)."""
        self.article(article_id)
        rows = {place: (key, spoken) for place, key, spoken in self.store.segment_rows(article_id)}
        if position not in rows:
            raise NotFound(f"기사 {article_id}에 {position}번째 부분이 없습니다.")
        key, spoken = rows[position]
        segment = Segment(position, "paragraph", spoken, spoken, key)
        found = self.synthesizer.cache.find(key)
        if found is None:
            self.queue.make_segment(key) if self.queue else self.synthesizer.submit(segment)
            return "making"
        if not found.preferred:
            self.queue.make_segment(key, upgrade=True) if self.queue else self.synthesizer.upgrade(segment)
            return "upgrading"
        return "ready"

    def article(self, article_id: str) -> StoredArticle:
        stored = self.store.get(article_id)
        if stored is None:
            raise NotFound(f"기사를 찾을 수 없습니다: {article_id}")
        return stored

    def audio(self, key: str) -> CachedAudio:
        """The audio for a segment key, made now if no voice has made it yet."""
        return self.audio_future(key).result()

    def whole_audio(self, digest: str) -> Path:
        """A finished whole-article file by its content hash (in S3, a StoredObject: see audio/s3.py)."""
        try:
            path = self.synthesizer.cache.find_whole(digest)
        except ValueError as error:
            raise NotFound(str(error)) from error
        if path is None:
            raise NotFound(f"오디오를 찾을 수 없습니다: {digest}")
        return path

    def audio_future(self, key: str) -> Future[CachedAudio]:
        """The audio for a segment key: done if cached, else made once however many ask (single flight)."""
        found = self.synthesizer.cache.find(key)
        (self.metrics.cache_hits if found else self.metrics.cache_misses).inc()
        if found:
            done: Future[CachedAudio] = Future()
            done.set_result(found)
            return done
        spoken = self.store.spoken_text(key)
        if spoken is None:
            raise NotFound(f"오디오를 찾을 수 없습니다: {key}")
        if self.queue is not None:  # a worker makes it, ahead of the audio made in advance
            self.queue.make_segment(key)
            raise NotReady("이 문단의 음성을 만드는 중입니다. 잠시 후 다시 시도해 주세요.")
        return self.synthesizer.submit(Segment(0, "paragraph", spoken, spoken, key))

    def sentence_timings(self, key: str, texts: list[str] | None = None) -> list[dict] | None:
        """Each sentence of a segment's audio as {"text", "start", "end"} (seconds within its MP3);
        None while it has no audio, or audio without timings.

        `texts` are the sentences as printed (Segment.sentences' display), given in place of the
        spoken sentences the timings file holds; ignored if their count differs.
        """
        found = self.synthesizer.cache.find(key)
        timings = self.synthesizer.cache.timings(found) if found else None
        if timings is None:
            return None
        return timed_sentences(timings, texts)

    def segment_timings(self, key: str) -> tuple[float | None, dict | None]:
        """A segment's audio length in seconds and its timings file (None when it has none: audio made
        before timings existed, whose length comes from its frames); (None, None) without audio."""
        found = self.synthesizer.cache.find(key)
        if found is None:
            return None, None
        timings = self.synthesizer.cache.timings(found)
        if timings is not None:
            return timings["duration"], timings
        try:
            return round(mp3.parse(self.read_audio(found.path)).duration_ms / 1000, 3), None
        except (OSError, mp3.Mp3Error):
            return None, None

    def find_audio(self, key: str) -> CachedAudio | None:
        """A segment's audio if a voice made it; nothing is made."""
        return self.synthesizer.cache.find(key)

    def known_audio(self, key: str) -> tuple[CachedAudio, object] | None:
        """The segment's audio and its status (os.stat_result or StoredObject) if already checked
        whole here: no read, cheap enough for an event loop. None: ask audio_future() in a thread."""
        return self.synthesizer.cache.known(key)

    def known_whole_audio(self, digest: str) -> tuple[Path, object] | None:
        """whole_audio() without a read, if already checked here; None: ask whole_audio() in a thread."""
        return self.synthesizer.cache.known_whole(digest)

    def touch_audio(self, path: Path, status: object = None) -> None:
        """Mark audio as just listened to (least-recently-used eviction by `a11y cache prune`)."""
        self.synthesizer.cache.touch(path, status)

    def read_audio(self, path: Path) -> bytes:
        """The bytes of a segment's audio (CachedAudio.path) or of a whole-article file. Raises OSError."""
        return self.synthesizer.cache.read(path)

    def audio_version(self, path: Path) -> tuple:
        """What changes when that audio is replaced under the same name. Raises OSError when it is gone."""
        return self.synthesizer.cache.version(path)

    def audio_part(self, stored: object, byte_range: str | None):
        """An object of the S3 audio store as it arrives (audio/s3.py ObjectPart), `byte_range` an
        HTTP Range. Raises RangeNotSatisfiable, FileNotFoundError (forgotten: made again when asked)."""
        return self.synthesizer.cache.open(stored, byte_range)

    @property
    def workers_make_audio(self) -> bool:
        """Whether `a11y worker` processes make the audio (settings.jobs == "queue"): this process only
        queues jobs and answers "not ready" until they are done."""
        return self.queue is not None

    @property
    def preferred_voice(self) -> str:
        """The voice that makes `<key>.mp3`; others' audio is a fallback's."""
        return self.synthesizer.preferred_voice

    def article_audio_stream(self, article: Article, segments: list[Segment]) -> AsyncIterator[bytes]:
        """The whole article's audio as it is made (see audio/whole.py), for an article still missing some."""
        return ArticleAudio(self.synthesizer).stream(article, segments)

    def audio_store_stats(self, needed_keys: set[str], needed_whole: set[str]) -> CacheStats:
        """What the audio store holds, by voice; orphans: audio no stored article needs."""
        return self.synthesizer.cache.stats(needed_keys, needed_whole, self.synthesizer.preferred_voice)

    def prune_audio_store(self, needed_keys: set[str], needed_whole: set[str], max_bytes: int | None) -> PruneReport:
        """Remove audio no stored article needs; then, over max_bytes, the least recently used."""
        return self.synthesizer.cache.prune(needed_keys, needed_whole, max_bytes)

    def check_audio_store(self) -> None:
        """Raise Unavailable unless the audio store takes a write now (the health check's question)."""
        try:
            self.synthesizer.cache.check()
        except OSError as error:
            raise Unavailable(f"the audio store cannot be written: {error.strerror or error}") from error

    def article_stamp(self, article_id: str) -> tuple:
        """What an article's page and whole-article file depend on, without reading the article: its
        version, its segments' audio records, the lexicon's version. Raises NotFound."""
        data_version = self.store.data_version()  # read first: a write after it makes the entry stale
        row = self.store.stamp(article_id)
        if row is None:
            raise NotFound(f"기사를 찾을 수 없습니다: {article_id}")
        stamp = (*row, self.lexicon.version())
        with self._whole_files_lock:
            self._stamps[article_id] = (data_version, stamp)
            self._stamps.move_to_end(article_id)
            while len(self._stamps) > WHOLE_FILES_REMEMBERED:
                self._stamps.popitem(last=False)
        return stamp

    def known_stamp(self, article_id: str) -> tuple | None:
        """article_stamp() as last read, if nothing was written to the store since (in any process) nor
        the lexicon changed: no query, cheap enough for an event loop. None: ask article_stamp()."""
        with self._whole_files_lock:
            remembered = self._stamps.get(article_id)
        if remembered is None or remembered[0] != self.store.data_version():
            return None
        stamp = remembered[1]
        return stamp if self.lexicon.version() == stamp[-1] else None

    def known_article_audio(self, article_id: str) -> tuple[Path, os.stat_result] | None:
        """The article's whole-article file and its status if article_audio() found it made and nothing
        was written to the store since (in any process), nor the lexicon changed: no query, a few
        microseconds and two stats, cheap enough for an event loop. None: ask article_audio()."""
        with self._whole_files_lock:
            remembered = self._whole_files.get(article_id)
        if remembered is None:
            return None
        stamp, data_version, job = remembered
        if job is None or not job.done() or job.exception() is not None:
            return None
        if self.store.data_version() != data_version or self.lexicon.version() != stamp[-1]:
            return None
        status = self.synthesizer.cache.stat(job.result())
        return (job.result(), status) if status is not None else None

    def article_audio(self, article_id: str, background: bool = False) -> Future[Path] | None:
        """The future of the article's whole-article file (built once, by whoever asks first; on the
        lower-priority background pool when `background`), or None while some segment has no audio.
        Raises NotFound.

        Remembered per article with its stamp, so while nothing changes a request scripts nothing and
        checks no segment file: one indexed query and two stats."""
        data_version = self.store.data_version()  # read first: a write after it makes the entry stale
        stamp = self.article_stamp(article_id)
        with self._whole_files_lock:
            remembered = self._whole_files.get(article_id)
        job = remembered[2] if remembered is not None and remembered[0] == stamp else _UNKNOWN
        if job is not _UNKNOWN and job is not None and job.done():
            if job.exception() is not None or not self.synthesizer.cache.exists(job.result()):
                job = _UNKNOWN  # failed, or removed since: work it out again
        if job is _UNKNOWN and self.queue is not None:
            job = self._queued_whole_file(self.article(article_id))
            if job is None:
                return None  # not remembered: a worker makes the file without changing the stamp
        if job is _UNKNOWN:
            stored = self.article(article_id)
            flight = self.background_builds if background else None
            job = ArticleAudio(self.synthesizer).complete_file(stored.article, self.script(stored.article), flight=flight)
        with self._whole_files_lock:
            self._whole_files[article_id] = (stamp, data_version, job)
            self._whole_files.move_to_end(article_id)
            while len(self._whole_files) > WHOLE_FILES_REMEMBERED:
                self._whole_files.popitem(last=False)
        return job

    def _queued_whole_file(self, stored: StoredArticle) -> Future[Path] | None:
        """(queue) The whole-article file if a worker made it; else None, its build and any missing
        segment queued for the workers."""
        segments = self.script(stored.article)
        cached = [self.synthesizer.cache.find(segment.key) for segment in segments]
        if all(found is not None for found in cached):
            path = self.synthesizer.cache.find_whole(whole_digest(stored.article, segments, cached))
            if path is not None:
                done: Future[Path] = Future()
                done.set_result(path)
                return done
        self.queue.make_segments([(segment.index, segment.key) for segment, found in zip(segments, cached) if found is None])
        self.queue.build_article_audio(stored.id)
        return None

    def audio_states(self, keys: list[str]) -> dict[str, dict]:
        """For each key: state ("ready", "pending" or "failed"), the voice that made it, whether that was
        a fallback voice, and why it failed. The cache's files are the truth of what is ready."""
        records = self.store.audio_records(keys)
        states = {}
        for key in keys:
            found, record = self.synthesizer.cache.find(key), records.get(key)
            if found:
                voice = found.engine or self.synthesizer.preferred_voice  # `<key>.mp3`: the voice the key names
                states[key] = {"state": "ready", "voice": voice, "fallback": not found.preferred, "reason": None}
            elif record and record.state == "failed":
                states[key] = {"state": "failed", "voice": None, "fallback": False, "reason": record.reason}
            else:
                states[key] = {"state": "pending", "voice": None, "fallback": False, "reason": None}
        return states


def _lower_priority() -> None:
    """Run this thread (and what it starts, e.g. the MP3 encoder) at a lower CPU priority (Linux: per thread)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
    except (AttributeError, OSError):
        pass


def _before_lexicon(lexicon: Lexicon) -> tuple:
    """The normalizing steps that run before the lexicon: the text the lexicon sees."""
    steps = with_lexicon(lexicon)
    return steps[: next(place for place, step in enumerate(steps) if step is lexicon)]


def _holds_any(words: tuple[str, ...], steps: tuple, article: Article) -> bool:
    """Whether a lexicon entry for one of `words` could match anywhere in the article's narration
    (a plain substring test on the text the lexicon sees: never misses, rarely over-includes)."""
    texts = [article.title, *article.subtitles]
    texts += [getattr(block, "text", None) or getattr(block, "caption", None) or "" for block in article.blocks]
    for text in texts:
        said = normalize(text, steps)
        if any(word in said for word in words):
            return True
    return False
