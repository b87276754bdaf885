"""`a11y worker` as the multi-node tests run it: settings from the environment (A11Y_*) exactly as the
command reads them, the voices settings.engines names, each `delay_s` slower and writing down every
synthesis it starts and finishes (tests/queue_worker.py's log format, read by its `counted`):
`python multinode_worker.py DELAY_S LOG`.

Stalled workers are looked for every half second and a worker silent for 2 s counts as dead
(queue_worker.FAST_CHECKS), so a test of a killed worker takes seconds, not a minute.
"""

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from queue_worker import FAST_CHECKS  # noqa: E402

from a11y.audio.encoding import AudioSegment  # noqa: E402
from a11y.engines import Engine, build_engines  # noqa: E402


class LoggedVoice:
    """A voice as it is (same name and voice_id, so the same cache keys as the web nodes'), `delay_s`
    slower, writing `start <text>` and `done <text>` to `log`."""

    def __init__(self, voice: Engine, log: Path, delay_s: float):
        self.voice, self.log, self.delay_s = voice, log, delay_s
        self.name, self.voice_id = voice.name, voice.voice_id
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> AudioSegment:
        self._write("start", text)
        time.sleep(self.delay_s)
        audio = self.voice.synthesize(text)
        self._write("done", text)
        return audio

    def _write(self, what: str, text: str) -> None:
        with self._lock, open(self.log, "a", encoding="utf-8") as out:
            out.write(f"{what} {text}\n")
            out.flush()


if __name__ == "__main__":
    from a11y.jobs.worker import run
    from a11y.logs import configure_logging
    from a11y.settings import Settings

    delay_s, log = float(sys.argv[1]), Path(sys.argv[2])
    configure_logging()
    settings = Settings()
    run(settings, engines=[LoggedVoice(voice, log, delay_s) for voice in build_engines(settings)], **FAST_CHECKS)
