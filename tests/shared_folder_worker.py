"""One of two processes sharing an audio folder (tests/test_audio_s3.py): once both are running,
for RUN_S seconds it puts keys in turn, alternating two versions, and after each put reads every key
with a store that remembers nothing (each find reads and checks the file); a read that is not one of
the two versions whole fails the process. Prints how many reads it made.

    python shared_folder_worker.py <folder> <seed>
"""

import random
import sys
import time
from pathlib import Path

from a11y.audio.encoding import encode_mp3, silence
from a11y.audio.files import AudioCache

KEYS = [f"{number:064x}" for number in range(8)]
WORKERS = 2
RUN_S = 2.0
START_WAIT_S = 60.0


def main(folder: Path, seed: int) -> None:
    versions = [encode_mp3(silence(300)), encode_mp3(silence(1200))]
    chance = random.Random(seed)
    store = AudioCache(folder)
    _wait_for_the_other(folder, seed)
    reads, turn = 0, 0
    stop_at = time.monotonic() + RUN_S
    while time.monotonic() < stop_at:
        key = KEYS[turn % len(KEYS)]
        turn += 1
        with store.lock(key):  # as the synthesizer takes it; reads below take none
            store.put(key, chance.choice(versions))
        for other in KEYS:
            fresh = AudioCache(folder)
            found = fresh.find(other)
            if found is None:
                continue
            data = fresh.read(found.path)
            if data not in versions:
                sys.exit(f"read {len(data)} bytes of {other[-4:]}: not a whole version")
            reads += 1
    print(reads, "reads")


def _wait_for_the_other(folder: Path, seed: int) -> None:
    """Both start working together (importing takes a while, and longer on a loaded machine)."""
    ready = folder / "ready"
    ready.mkdir(parents=True, exist_ok=True)
    (ready / str(seed)).touch()
    deadline = time.monotonic() + START_WAIT_S
    while len(list(ready.iterdir())) < WORKERS:
        if time.monotonic() > deadline:
            sys.exit("the other process did not start")
        time.sleep(0.01)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
