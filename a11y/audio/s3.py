"""The audio store in an S3 bucket (`A11Y_AUDIO_STORE=s3://bucket/prefix`): the same objects, names and
public methods as the file store (files.py), so any web node and any worker share one store.

Objects: `<prefix>/<key>.mp3` (preferred voice, never changes), `<prefix>/<key>.<voice>.mp3` (a
fallback voice's, replaced when the preferred voice makes it), the timings beside each as `.json`
(written before the MP3, so the MP3 is the commit point), whole-article files under
`<prefix>/articles/`. A PUT is atomic: a reader sees the old object or the new one, never a part.
Data is checked as a whole house-format MP3 before it is put; objects are not read again to check.

What this process put or found is remembered (name, size, ETag, time): `known` answers from that
memory alone, so the web's fast lane costs no request to S3. Only objects that never change under
their name are answered from memory (preferred-voice segments and whole-article files); a pruned
object that another process still remembers fails on read and is forgotten then.

Locks (`lock`, `try_lock`) are file locks in a local folder: they make a key's audio once within one
machine. Across machines that is the job queue's work (one job per key, jobs="queue"), not S3's.
Credentials come from the usual AWS_* environment variables (boto3 reads them), the endpoint from
settings.s3_endpoint_url for a service other than AWS (MinIO, Ceph, R2...).
"""

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from a11y.audio.files import (
    WHOLE_DIR,
    CacheFile,
    CachedAudio,
    CacheStats,
    PruneReport,
    _check_house_mp3,
    _FileLock,
    check_key,
    lock_path,
    prune_entries,
    remove_idle_locks,
    sidecar,
    stats_of,
    timings_bytes,
)
from a11y.errors import Unavailable

_SEGMENT_OBJECT = re.compile(r"(?P<key>[0-9a-f]{64})(?:\.(?P<engine>[a-z0-9_-]+))?\.mp3")
_SINGLE_RANGE = re.compile(r"bytes=(\d+-\d*|-\d+)")
# The objects' own caching, for a CDN that serves the bucket: as the app's answers for the same audio.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
READ_CHUNK_BYTES = 256 * 1024
MAX_CONNECTIONS = 64  # the web's thread pool and the voices' threads share one client
TIMEOUT_S = 10
_REMEMBERED = 20_000  # objects whose name, size and ETag are kept in memory


class BucketUnavailable(Unavailable, OSError):
    """The bucket does not answer (or refuses us); an OSError, as a full disk is for the file store."""


class RangeNotSatisfiable(ValueError):
    """A Range that starts past the object's end."""


@dataclass(frozen=True)
class StoredObject:
    """An object in the bucket: what CachedAudio.path and whole-article lookups are in this store."""

    name: str  # the object's key in the bucket, prefix included
    size: int
    etag: str  # as S3 gives it, quoted
    modified: float  # seconds since the epoch

    @property
    def stem(self) -> str:
        return PurePosixPath(self.name).stem


@dataclass(frozen=True)
class ObjectPart:
    """An object's bytes (or the asked range of them) as they arrive."""

    chunks: Iterator[bytes]
    length: int
    content_range: str | None  # "bytes 0-99/1234" when a range was answered


def parse_s3_url(url: str) -> tuple[str, str]:
    """`s3://bucket/prefix` as (bucket, prefix without slashes at either end)."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"not an s3://bucket/prefix URL: {url!r}")
    return parts.netloc, parts.path.strip("/")


class S3AudioStore:
    def __init__(
        self, url: str, lock_dir: Path, fallback_voices: Sequence[str] = (), endpoint_url: str = "", client=None
    ):
        self.bucket, self.prefix = parse_s3_url(url)
        self.lock_dir = Path(lock_dir)
        self.fallback_voices = tuple(fallback_voices)
        self.client = client or boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            config=Config(
                max_pool_connections=MAX_CONNECTIONS,
                connect_timeout=TIMEOUT_S,
                read_timeout=TIMEOUT_S,
                retries={"mode": "standard", "max_attempts": 3},
            ),
        )
        self._seen: OrderedDict[str, StoredObject] = OrderedDict()
        self._seen_lock = threading.Lock()

    # Segments

    def find(self, key: str) -> CachedAudio | None:
        """The segment's audio, preferred voice first (a HEAD per name not remembered)."""
        for engine, name in self._candidates(check_key(key)):
            found = self._remembered(name) if engine is None else None
            found = found or self._head(name)
            if found is not None:
                return CachedAudio(key, found, engine)
        return None

    def known(self, key: str) -> tuple[CachedAudio, StoredObject] | None:
        """The preferred voice's audio if this process put or found it: memory only, no request.
        None: ask find() (in a thread)."""
        found = self._remembered(self._name(f"{check_key(key)}.mp3"))
        return (CachedAudio(key, found, None), found) if found is not None else None

    def known_whole(self, digest: str) -> tuple[StoredObject, StoredObject] | None:
        found = self._remembered(self._whole_name(digest))
        return (found, found) if found is not None else None

    def put(self, key: str, data: bytes, engine: str | None = None, timings: dict | None = None) -> CachedAudio:
        """Store a segment's MP3 and its timings (first, so the MP3 is the commit point); a preferred
        voice's object replaces any fallback one."""
        check_key(key)
        if engine is not None and engine not in self.fallback_voices:
            self.fallback_voices += (engine,)
        _check_house_mp3(data)
        name = self._name(f"{key}.mp3" if engine is None else f"{key}.{engine}.mp3")
        side = _sidecar(name)
        if timings is not None:
            self._put(side, timings_bytes(timings), "application/json", REVALIDATE if engine else IMMUTABLE)
        else:
            self._delete([side])  # an older object's timings would not fit this audio
        try:
            self._put(name, data, "audio/mpeg", REVALIDATE if engine else IMMUTABLE)
        except BaseException:
            if timings is not None:
                self._delete([side])
            raise
        stored = self._head(name)
        if stored is None:
            raise BucketUnavailable(f"s3://{self.bucket}/{name} was put but is not there")
        if engine is None:
            stale = [fallback for voice, fallback in self._candidates(key) if voice is not None]
            self._delete(stale + [_sidecar(fallback) for fallback in stale])
        return CachedAudio(key, stored, engine)

    def timings(self, audio: CachedAudio) -> dict | None:
        try:
            return json.loads(self._get(_sidecar(audio.path.name)))
        except (FileNotFoundError, ValueError):
            return None

    def read(self, stored: StoredObject) -> bytes:
        """An object's bytes. Raises FileNotFoundError when it is gone (forgotten then)."""
        return self._get(stored.name)

    def open(self, stored: StoredObject, byte_range: str | None = None) -> ObjectPart:
        """An object's bytes as they arrive; `byte_range` an HTTP Range of one range (others are
        ignored: the whole object). Raises RangeNotSatisfiable, FileNotFoundError."""
        asked = {"Range": byte_range} if byte_range and _SINGLE_RANGE.fullmatch(byte_range) else {}
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=stored.name, **asked)
        except ClientError as error:
            if _code(error) == "InvalidRange":
                raise RangeNotSatisfiable(byte_range) from error
            raise self._failure(stored.name, error) from error
        except BotoCoreError as error:
            raise self._failure(stored.name, error) from error
        body = answer["Body"]
        return ObjectPart(_chunks(body), answer["ContentLength"], answer.get("ContentRange") if asked else None)

    def exists(self, stored: StoredObject) -> bool:
        return self._remembered(stored.name) is not None or self._head(stored.name) is not None

    def stat(self, stored: StoredObject) -> StoredObject | None:
        """The object's status (it is its own) if remembered; None: not known here now."""
        return self._remembered(stored.name)

    def version(self, stored: StoredObject) -> tuple:
        return stored.etag, stored.size

    def check(self) -> None:
        """Raise BucketUnavailable unless the bucket takes a write now (health checks)."""
        name = self._name(".probe")
        self._put(name, b"ok", "text/plain", REVALIDATE)
        self._delete([name])

    # Whole-article files

    def find_whole(self, digest: str) -> StoredObject | None:
        name = self._whole_name(digest)
        return self._remembered(name) or self._head(name)

    def put_whole(self, digest: str, data: bytes) -> StoredObject:
        _check_house_mp3(data)
        name = self._whole_name(digest)
        self._put(name, data, "audio/mpeg", IMMUTABLE)
        stored = self._head(name)
        if stored is None:
            raise BucketUnavailable(f"s3://{self.bucket}/{name} was put but is not there")
        return stored

    # Within this machine (across machines: the queue's one job per key)

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        with _FileLock(lock_path(self.lock_dir, name), blocking=True):
            yield

    def try_lock(self, name: str) -> _FileLock | None:
        held = _FileLock(lock_path(self.lock_dir, name), blocking=False)
        return held if held.acquire() else None

    # Upkeep

    def touch(self, stored: StoredObject, status: object = None) -> None:
        """Nothing: S3 keeps no last-use time (prune --max-bytes evicts the oldest written first)."""

    def files(self) -> list[CacheFile]:
        """Every segment and whole-article object under the prefix (one listing, paged)."""
        found: list[CacheFile] = []
        start = f"{self.prefix}/" if self.prefix else ""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start)
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    entry = _entry(item, item["Key"][len(start) :])
                    if entry is not None:
                        found.append(entry)
        except (ClientError, BotoCoreError) as error:
            raise self._failure(start, error) from error
        return found

    def stats(self, needed_keys: set[str], needed_whole: set[str], preferred_voice: str) -> CacheStats:
        entries = self.files()
        return stats_of(entries, self._needed(entries, needed_keys, needed_whole), preferred_voice)

    def prune(self, needed_keys: set[str], needed_whole: set[str], max_bytes: int | None = None) -> PruneReport:
        entries = self.files()
        report = prune_entries(entries, self._needed(entries, needed_keys, needed_whole), max_bytes, self._remove)
        remove_idle_locks(self.lock_dir)
        return report

    def _needed(self, entries: list[CacheFile], needed_keys: set[str], needed_whole: set[str]) -> set[StoredObject]:
        """The one object each needed key is served from, worked out from the listing (no HEADs)."""
        by_name = {entry.path.name: entry.path for entry in entries}
        keep = {by_name[name] for name in map(self._whole_name, needed_whole) if name in by_name}
        for key in needed_keys:
            served = next((by_name[name] for _engine, name in self._candidates(key) if name in by_name), None)
            if served is not None:
                keep.add(served)
        return keep

    def _remove(self, entry: CacheFile) -> None:
        names = [entry.path.name] + ([_sidecar(entry.path.name)] if entry.kind == "segment" else [])
        self._delete(names)

    # Requests

    def _candidates(self, key: str) -> list[tuple[str | None, str]]:
        return [(None, self._name(f"{key}.mp3"))] + [(v, self._name(f"{key}.{v}.mp3")) for v in self.fallback_voices]

    def _name(self, relative: str) -> str:
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def _whole_name(self, digest: str) -> str:
        return self._name(f"{WHOLE_DIR}/{check_key(digest)}.mp3")

    def _head(self, name: str) -> StoredObject | None:
        try:
            answer = self.client.head_object(Bucket=self.bucket, Key=name)
        except (ClientError, BotoCoreError) as error:
            if _is_missing(error):
                self._forget(name)
                return None
            raise self._failure(name, error) from error
        stored = StoredObject(name, answer["ContentLength"], answer["ETag"], answer["LastModified"].timestamp())
        self._remember(stored)
        return stored

    def _get(self, name: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=name)["Body"].read()
        except (ClientError, BotoCoreError) as error:
            raise self._failure(name, error) from error

    def _put(self, name: str, data: bytes, content_type: str, cache_control: str) -> None:
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=name, Body=data, ContentType=content_type, CacheControl=cache_control
            )
        except (ClientError, BotoCoreError) as error:
            raise self._failure(name, error) from error

    def _delete(self, names: list[str]) -> None:
        for name in names:
            self._forget(name)
        if not names:
            return
        try:
            self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": [{"Key": name} for name in names], "Quiet": True}
            )
        except (ClientError, BotoCoreError) as error:
            raise self._failure(names[0], error) from error

    def _failure(self, name: str, error: Exception) -> OSError:
        """FileNotFoundError for an object that is not there (forgotten), BucketUnavailable otherwise."""
        if _is_missing(error):
            self._forget(name)
            return FileNotFoundError(f"s3://{self.bucket}/{name}")
        return BucketUnavailable(f"the audio store s3://{self.bucket}/{self.prefix} does not answer: {error}")

    # Memory

    def _remembered(self, name: str) -> StoredObject | None:
        with self._seen_lock:
            stored = self._seen.get(name)
            if stored is not None:
                self._seen.move_to_end(name)
            return stored

    def _remember(self, stored: StoredObject) -> None:
        with self._seen_lock:
            self._seen[stored.name] = stored
            self._seen.move_to_end(stored.name)
            if len(self._seen) > _REMEMBERED:
                self._seen.popitem(last=False)

    def _forget(self, name: str) -> None:
        with self._seen_lock:
            self._seen.pop(name, None)


def _entry(item: dict, relative: str) -> CacheFile | None:
    whole = relative.startswith(f"{WHOLE_DIR}/")
    match = _SEGMENT_OBJECT.fullmatch(relative.removeprefix(f"{WHOLE_DIR}/"))
    if match is None or (whole and match["engine"]):
        return None
    stored = StoredObject(item["Key"], item["Size"], item["ETag"], item["LastModified"].timestamp())
    kind = "whole" if whole else "segment"
    return CacheFile(stored, kind, stored.size, stored.modified, match["key"], match["engine"])


def _sidecar(name: str) -> str:
    return str(sidecar(PurePosixPath(name)))


def _chunks(body) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(READ_CHUNK_BYTES)
    finally:
        body.close()


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _is_missing(error: Exception) -> bool:
    """S3's "no such object" (a HEAD answers a bare 404)."""
    return isinstance(error, ClientError) and _code(error) in ("404", "NoSuchKey", "NotFound")
