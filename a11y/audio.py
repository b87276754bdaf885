"""The project's one audio format, and the ffmpeg that pydub needs, taken from the imageio-ffmpeg wheel."""

import io
import warnings

import imageio_ffmpeg

with warnings.catch_warnings():
    # pydub looks for ffmpeg on PATH at import time; we hand it the wheel's binary instead.
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment

AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()

SAMPLE_RATE_HZ = 24_000  # gTTS speaks at 24 kHz; espeak-ng's 22.05 kHz is resampled up to it
CHANNELS = 1
BITRATE = "64k"  # constant bit rate: byte offsets map to time, and joined files report true length
TARGET_DBFS = -18.0  # every voice is brought to this average loudness


def to_house_format(segment: AudioSegment) -> AudioSegment:
    """Mono, SAMPLE_RATE_HZ, 16-bit, at TARGET_DBFS (silence is left silent)."""
    segment = segment.set_channels(CHANNELS).set_frame_rate(SAMPLE_RATE_HZ).set_sample_width(2)
    if segment.dBFS != float("-inf"):
        segment = segment.apply_gain(TARGET_DBFS - segment.dBFS)
    return segment


def encode_mp3(segment: AudioSegment, tags: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    segment.export(
        out,
        format="mp3",
        bitrate=BITRATE,
        tags=tags,
        parameters=["-ar", str(SAMPLE_RATE_HZ), "-ac", str(CHANNELS)],
    )
    return out.getvalue()


def decode_mp3(data: bytes) -> AudioSegment:
    """Decode without ffprobe (the wheel has none): naming the codec skips pydub's probing."""
    return AudioSegment.from_file(io.BytesIO(data), format="mp3", codec="mp3")
