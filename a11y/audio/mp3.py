"""MP3 files as frames: where the audio starts and ends, how long it plays, whether it is whole.

Only MPEG Layer III, the one layer the project writes. A file is whole when its frames follow one
another from the first to the last byte (an ID3v1 trailer aside) and the frame count that its
Xing/Info header announces is the count that is there; that is what a truncated, half-written or
foreign file fails, in microseconds and without starting a decoder.
"""

from dataclasses import dataclass

_BITRATES_KBPS = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES_HZ = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000), 25: (11025, 12000, 8000)}
_VERSIONS = {0b00: 25, 0b10: 2, 0b11: 1}  # 0b01 is reserved
_LAYER_III = 0b01
ID3V1_BYTES = 128


class Mp3Error(ValueError):
    """Not a whole MP3 file; the message says where it breaks."""


@dataclass(frozen=True)
class FrameHeader:
    version: int  # 1, 2 or 25 (MPEG 2.5)
    bitrate_kbps: int
    sample_rate_hz: int
    mono: bool
    crc: bool
    length: int  # bytes, header included

    @property
    def samples(self) -> int:
        return 1152 if self.version == 1 else 576

    @property
    def side_info_bytes(self) -> int:
        if self.version == 1:
            return 17 if self.mono else 32
        return 9 if self.mono else 17

    def same_stream(self, other: "FrameHeader") -> bool:
        return (self.version, self.sample_rate_hz, self.mono) == (other.version, other.sample_rate_hz, other.mono)


@dataclass(frozen=True)
class Mp3Layout:
    """Where a file's audio frames lie, and what its LAME tag says to trim from their ends."""

    audio_start: int  # byte offset of the first audio frame (after ID3v2 and the Info frame)
    audio_end: int
    frames: int  # audio frames (the Info frame not counted)
    sample_rate_hz: int
    mono: bool
    samples_per_frame: int
    encoder_delay: int  # samples the encoder put before the sound, from the LAME tag (0 without one)
    encoder_padding: int  # samples it put after the sound to fill the last frame
    info_frames: int | None  # the frame count the Xing/Info header announces, if there is one

    @property
    def frame_samples(self) -> int:
        """Samples a decoder that ignores the LAME tag plays: every frame, whole."""
        return self.frames * self.samples_per_frame

    @property
    def decoded_samples(self) -> int:
        """Samples a gapless decoder (ffmpeg, browsers) plays: the encoder's delay and padding trimmed."""
        return self.frame_samples - self.encoder_delay - self.encoder_padding

    @property
    def duration_ms(self) -> float:
        return 1000 * self.decoded_samples / self.sample_rate_hz


def parse(data: bytes) -> Mp3Layout:
    """The layout of a whole MP3 file; Mp3Error when it is not one."""
    start = id3v2_length(data)
    end = len(data)
    if end - start >= ID3V1_BYTES and data[end - ID3V1_BYTES : end - ID3V1_BYTES + 3] == b"TAG":
        end -= ID3V1_BYTES
    first = frame_header(data, start)
    info = _info_tag(data, start, first)
    at = start + first.length if info else start
    audio_start, frames = at, 0
    while at < end:
        header = frame_header(data, at)
        if not header.same_stream(first):
            raise Mp3Error(f"the stream changes format at byte {at}")
        if at + header.length > end:
            raise Mp3Error(f"the last frame is cut short at byte {end} (it needs {at + header.length})")
        at += header.length
        frames += 1
    if frames == 0:
        raise Mp3Error("no audio frames")
    delay, padding, announced = info if info else (0, 0, None)
    if announced is not None and announced != frames:
        raise Mp3Error(f"the Info header announces {announced} frames, the file holds {frames}")
    return Mp3Layout(
        audio_start, end, frames, first.sample_rate_hz, first.mono, first.samples, delay, padding, announced
    )


def audio_frames(data: bytes) -> tuple[bytes, Mp3Layout]:
    """The bare audio frames (no tags, no Info frame), ready to be joined to other frames."""
    layout = parse(data)
    return data[layout.audio_start : layout.audio_end], layout


def id3v2_length(data: bytes) -> int:
    """Bytes of the ID3v2 tag at the start of the file (0 without one)."""
    if len(data) < 10 or data[:3] != b"ID3":
        return 0
    size = _syncsafe(data[6:10])
    footer = 10 if data[5] & 0x10 else 0
    return 10 + size + footer


def frame_header(data: bytes, at: int) -> FrameHeader:
    if at + 4 > len(data):
        raise Mp3Error(f"no frame header at byte {at}: the file ends")
    word = int.from_bytes(data[at : at + 4], "big")
    version = _VERSIONS.get((word >> 19) & 0b11)
    bitrate_index = (word >> 12) & 0xF
    rate_index = (word >> 10) & 0b11
    if (
        word >> 21 != 0x7FF
        or version is None
        or (word >> 17) & 0b11 != _LAYER_III
        or bitrate_index in (0, 15)
        or rate_index == 3
    ):
        raise Mp3Error(f"no Layer III frame header at byte {at}")
    bitrate_kbps = _BITRATES_KBPS[1 if version == 1 else 2][bitrate_index]
    sample_rate_hz = _SAMPLE_RATES_HZ[version][rate_index]
    padding = (word >> 9) & 1
    per_frame = 144 if version == 1 else 72
    length = per_frame * bitrate_kbps * 1000 // sample_rate_hz + padding
    mono = (word >> 6) & 0b11 == 0b11
    crc = not (word >> 16) & 1
    return FrameHeader(version, bitrate_kbps, sample_rate_hz, mono, crc, length)


def _info_tag(data: bytes, at: int, header: FrameHeader) -> tuple[int, int, int | None] | None:
    """(encoder delay, padding, announced frames) when the first frame is a Xing/Info frame."""
    tag = at + 4 + (2 if header.crc else 0) + header.side_info_bytes
    if data[tag : tag + 4] not in (b"Xing", b"Info"):
        return None
    flags = int.from_bytes(data[tag + 4 : tag + 8], "big")
    field = tag + 8
    announced = None
    if flags & 0x1:
        announced = int.from_bytes(data[field : field + 4], "big")
        field += 4
    field += 4 if flags & 0x2 else 0  # byte count
    field += 100 if flags & 0x4 else 0  # seek table
    field += 4 if flags & 0x8 else 0  # quality
    delay = padding = 0
    # The LAME extension (written by LAME and by ffmpeg's libmp3lame muxer) holds the gapless trim.
    if field + 24 <= at + header.length and data[field : field + 4] in (b"LAME", b"Lavc", b"Lavf"):
        packed = data[field + 21 : field + 24]
        delay = (packed[0] << 4) | (packed[1] >> 4)
        padding = ((packed[1] & 0xF) << 8) | packed[2]
    return delay, padding, announced


def _syncsafe(four: bytes) -> int:
    return (four[0] << 21) | (four[1] << 14) | (four[2] << 7) | four[3]
