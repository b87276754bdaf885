"""What a listener would notice about an MP3: channels, sample rate, length, silence."""

from a11y.audio.encoding import SAMPLE_RATE_HZ, decode_mp3


def assert_spoken_mp3(data: bytes, min_s: float = 1.0, max_s: float = 120.0):
    assert data[:3] == b"ID3" or data[0] == 0xFF, "not an MP3 stream"
    audio = decode_mp3(data)
    assert audio.channels == 1
    assert audio.frame_rate == SAMPLE_RATE_HZ
    assert min_s <= audio.duration_seconds <= max_s, audio.duration_seconds
    assert audio.dBFS > -40, f"near silence: {audio.dBFS:.1f} dBFS"
    return audio
