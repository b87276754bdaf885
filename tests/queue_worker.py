"""An `a11y worker` process for the queue tests to kill or stop, with a voice that takes its time and
writes down each synthesis it starts and finishes (so several processes can be counted):
`python queue_worker.py ROOT DATABASE_URL DELAY_S LOG`.

ROOT is the test's folder (make_settings: ROOT/data, ROOT/audio_cache). The worker watches for stalled
workers every half second and counts a worker silent for 2 s as dead, so a test need not wait long.
"""

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import make_settings  # noqa: E402
from voices import _espeak  # noqa: E402

from a11y.audio.encoding import AudioSegment  # noqa: E402

FAST_CHECKS = {"heartbeat_s": 0.5, "stalled_after_s": 2.0, "stalled_check_s": 0.5, "poll_s": 0.2}


class CountingVoice:
    """The offline voice, `delay_s` slower, writing `start <text>` and `done <text>` to `log`."""

    name = "espeak"
    voice_id = "counting:espeak-ng:ko"

    def __init__(self, log: Path, delay_s: float = 0.0):
        self.log, self.delay_s = log, delay_s
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> AudioSegment:
        self._write("start", text)
        time.sleep(self.delay_s)
        audio = _espeak.synthesize(text)
        self._write("done", text)
        return audio

    def _write(self, what: str, text: str) -> None:
        with self._lock, open(self.log, "a", encoding="utf-8") as out:
            out.write(f"{what} {text}\n")


def counted(log: Path) -> dict[str, dict[str, int]]:
    """{"start": {text: times}, "done": {text: times}} from a CountingVoice log."""
    counts: dict[str, dict[str, int]] = {"start": {}, "done": {}}
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            what, text = line.split(" ", 1)
            counts[what][text] = counts[what].get(text, 0) + 1
    return counts


if __name__ == "__main__":
    from a11y.jobs.worker import run
    from a11y.logs import configure_logging

    root, database_url, delay_s, log = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), Path(sys.argv[4])
    configure_logging()
    settings = make_settings(root, database_url=database_url, jobs="queue")
    run(settings, engines=[CountingVoice(log, delay_s)], **FAST_CHECKS)
