"""Audio: the house format (encoding), MP3 frames (mp3), where audio lives (the audio store: a folder,
files; or an S3 bucket, s3), making a segment's audio with the voices once however many ask (synthesis,
flight), and the whole article as one file (whole)."""

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOCK_DIR = "locks"  # under settings.data_dir, for a store that has no folder of its own (S3)


def open_audio_store(settings, fallback_voices: Sequence[str] = ()):
    """The audio store settings.audio_store names: the file store (files.AudioCache) for "" (the folder
    settings.audio_cache_dir) or file:///folder, s3.S3AudioStore for s3://bucket/prefix."""
    url = settings.audio_store
    if url.startswith("s3://"):
        from a11y.audio.s3 import S3AudioStore  # boto3 is slow to import: only when it is used

        return S3AudioStore(url, settings.data_dir / LOCK_DIR, fallback_voices, settings.s3_endpoint_url)
    from a11y.audio.files import AudioCache

    folder = Path(unquote(urlsplit(url).path)) if url else settings.audio_cache_dir
    return AudioCache(folder, fallback_voices)
