"""The audio cache: content-addressed MP3 files, written whole or not at all.

`<key>.mp3` was made by the preferred voice and never changes; `<key>.<voice>.mp3` was made by a
fallback voice and is replaced when the preferred voice makes it.
"""

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

_KEY = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class CachedAudio:
    key: str
    path: Path
    engine: str | None  # None: the preferred voice made it

    @property
    def preferred(self) -> bool:
        return self.engine is None


class AudioCache:
    def __init__(self, root: Path):
        self.root = Path(root)

    def find(self, key: str) -> CachedAudio | None:
        check_key(key)
        preferred = self.root / f"{key}.mp3"
        if preferred.is_file():
            return CachedAudio(key, preferred, None)
        for fallback in sorted(self.root.glob(f"{key}.*.mp3")):
            return CachedAudio(key, fallback, fallback.name.split(".")[1])
        return None

    def put(self, key: str, data: bytes, engine: str | None = None) -> CachedAudio:
        """Write atomically: a temporary file in the same folder, fsynced, then renamed."""
        check_key(key)
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"{key}.mp3" if engine is None else f"{key}.{engine}.mp3"
        target = self.root / name
        fd, temp = tempfile.mkstemp(dir=self.root, prefix=f".{key[:16]}.", suffix=".part")
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
        if engine is None:
            for stale in self.root.glob(f"{key}.*.mp3"):
                stale.unlink(missing_ok=True)
        return CachedAudio(key, target, engine)


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError(f"not an audio key: {key[:80]!r}")
    return key
