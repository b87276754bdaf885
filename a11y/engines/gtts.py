"""Google's Korean voice through gTTS: the preferred voice when the network allows it."""

import io

from gtts import gTTS, gTTSError


from a11y.audio import AudioSegment, decode_mp3
from a11y.engines import SynthesisError

TIMEOUT_S = 10.0


class GttsEngine:
    name = "gtts"

    def __init__(self, lang: str = "ko", tld: str = "com"):
        self.lang, self.tld = lang, tld
        self.voice_id = f"gtts:{lang}:{tld}"

    def synthesize(self, text: str) -> AudioSegment:
        out = io.BytesIO()
        try:
            gTTS(text, lang=self.lang, tld=self.tld, timeout=TIMEOUT_S).write_to_fp(out)
        except (gTTSError, OSError) as error:
            raise SynthesisError(f"Google's voice did not answer: {error}") from error
        return decode_mp3(out.getvalue())
