"""The project's one audio format, and the ffmpeg that pydub needs, taken from the imageio-ffmpeg wheel."""

import io
import math
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
# Every voice's speech (pauses not counted, so a voice that breathes longer is not made louder) is
# brought to this level; peaks stay under PEAK_CEILING_DBFS, so no voice is clipped to get there.
TARGET_DBFS = -21.0
PEAK_CEILING_DBFS = -1.0
LEVEL_WINDOW_MS = 10
SILENCE_BELOW_PEAK_DB = 35.0  # a window this far under the loudest one is a pause, not speech
EDGE_PAD_MS = 40  # kept before the first and after the last sound, so onsets are not cut


def to_house_format(segment: AudioSegment) -> AudioSegment:
    """Mono, SAMPLE_RATE_HZ, 16-bit; leading and trailing silence trimmed; speech at TARGET_DBFS."""
    return leveled(trimmed(segment))


def trimmed(segment: AudioSegment) -> AudioSegment:
    """Mono, SAMPLE_RATE_HZ, 16-bit; leading and trailing silence trimmed to EDGE_PAD_MS; level as it was."""
    segment = segment.set_channels(CHANNELS).set_frame_rate(SAMPLE_RATE_HZ).set_sample_width(2)
    levels = _window_levels(segment)
    loudest = max(levels, default=0)
    if loudest == 0:
        return segment  # silence stays silence
    floor = loudest * 10 ** (-SILENCE_BELOW_PEAK_DB / 20)
    spoken = [index for index, level in enumerate(levels) if level > floor]
    start = max(0, spoken[0] * LEVEL_WINDOW_MS - EDGE_PAD_MS)
    end = min(len(segment), (spoken[-1] + 1) * LEVEL_WINDOW_MS + EDGE_PAD_MS)
    return segment[start:end]


def leveled(segment: AudioSegment) -> AudioSegment:
    """Speech brought to TARGET_DBFS, peaks kept under PEAK_CEILING_DBFS; silence stays silence."""
    level = speech_dbfs(segment)
    if level == float("-inf"):
        return segment
    return segment.apply_gain(min(TARGET_DBFS - level, PEAK_CEILING_DBFS - segment.max_dBFS))


def join_with_pauses(parts: list[AudioSegment], pause_ms: int) -> tuple[AudioSegment, list[tuple[int, int]]]:
    """House-format parts one after another with `pause_ms` of silence between; and each part's
    [start, end) in samples within the result."""
    pause = silence(pause_ms).raw_data
    pcm: list[bytes] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for index, part in enumerate(parts):
        if index:
            pcm.append(pause)
            at += len(pause) // 2
        pcm.append(part.raw_data)
        spans.append((at, at + len(part.raw_data) // 2))
        at += len(part.raw_data) // 2
    joined = AudioSegment(data=b"".join(pcm), sample_width=2, frame_rate=SAMPLE_RATE_HZ, channels=CHANNELS)
    return joined, spans


def speech_dbfs(segment: AudioSegment) -> float:
    """The average level of the windows that hold speech, in dBFS; -inf for silence."""
    levels = _window_levels(segment)
    loudest = max(levels, default=0)
    if loudest == 0:
        return float("-inf")
    floor = loudest * 10 ** (-SILENCE_BELOW_PEAK_DB / 20)
    spoken = [level for level in levels if level > floor]
    mean_square = sum(level * level for level in spoken) / len(spoken)
    return 20 * math.log10(math.sqrt(mean_square) / segment.max_possible_amplitude)


def _window_levels(segment: AudioSegment) -> list[int]:
    return [segment[at : at + LEVEL_WINDOW_MS].rms for at in range(0, len(segment), LEVEL_WINDOW_MS)]


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


def silence(duration_ms: int) -> AudioSegment:
    """Silence in the house format."""
    return AudioSegment.silent(duration=duration_ms, frame_rate=SAMPLE_RATE_HZ)
