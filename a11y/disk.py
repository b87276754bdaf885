"""Whether a local folder takes a write now: what the health check asks of the SQLite store's folder
and of the audio folder."""

import os
import tempfile
from pathlib import Path


def check_writable(folder: Path, prefix: str) -> None:
    """Write a small file named `prefix…` in `folder` and sync it (a full disk often says so only at
    the sync), then remove it, even when writing failed. Raises OSError."""
    descriptor, probe = tempfile.mkstemp(dir=folder, prefix=prefix)
    try:
        os.write(descriptor, b"ok")
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
        os.unlink(probe)
