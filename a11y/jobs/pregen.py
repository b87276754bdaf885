"""Pre-generation: on ingest, an article's segments are made before anyone asks for them.

The queue is a table in the store, so it survives a restart: an article leaves it only when each
of its segments has audio (or failed in this run), and a worker that starts picks up what is left.
Segments are made one at a time in fair order: the first segment of each queued article, then
the second of each, and so on, so a long article does not hold back the first paragraph of the
next one. A listener who asks for a segment first gets it on demand through the same single
flight. With several worker processes, only the one holding the `pregen` lock does this work.
"""

import logging
import threading
from collections.abc import Iterable

from a11y.script import Segment
from a11y.audio.synthesis import SynthesisUnavailable, Synthesizer
from a11y.store import Store

log = logging.getLogger(__name__)

IDLE_POLL_S = 1.0  # an idle worker looks this often for articles queued by another process
STOP_WAIT_S = 30.0  # at shutdown, how long to let the segment being made finish
LOCK_NAME = "pregen"


class Pregenerator:
    def __init__(self, store: Store, synthesizer: Synthesizer):
        self.store, self.synthesizer = store, synthesizer
        self._last_place = 0  # queue place of the article served last: the next one comes after it
        self._failed: set[str] = set()  # keys no voice could make in this run, not tried again here
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def enqueue(self, article_id: str, retry: Iterable[str] = ()) -> None:
        """Queue an article; `retry` are keys that failed in this run and are to be tried again."""
        self._failed.difference_update(retry)
        self.store.queue_pregen(article_id)
        self.wake()

    def wake(self) -> None:
        """Look at the queue now (an article was queued in the store directly, with its save)."""
        self._wake.set()

    def step(self) -> tuple[str, Segment] | None:
        """Make the next segment in fair order; None when the queue is done."""
        queue = self.store.pregen_queue()
        turn = [entry for entry in queue if entry[0] > self._last_place] + [
            entry for entry in queue if entry[0] <= self._last_place
        ]
        for place, article_id in turn:
            segment = self._next_segment(article_id)
            if segment is None:
                self.store.unqueue_pregen(article_id)
                continue
            self._last_place = place
            try:
                self.synthesizer.submit(segment).result()
            except SynthesisUnavailable:
                self._failed.add(segment.key)  # recorded as failed; a listener's request tries again
            return article_id, segment
        return None

    def drain(self) -> int:
        """Work until the queue is done; the number of segments handled."""
        handled = 0
        while self.step() is not None:
            handled += 1
        return handled

    def start(self) -> None:
        """Work in a background thread until stop()."""
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="a11y-pregen", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._stopping.set()
            self._wake.set()
            self._thread.join(STOP_WAIT_S)
            self._thread = None

    def _run(self) -> None:
        held = None
        try:
            while not self._stopping.is_set():
                if held is None:
                    held = self.synthesizer.cache.try_lock(LOCK_NAME)
                    if held is None:  # another worker process pre-generates; take over if it ends
                        self._stopping.wait(IDLE_POLL_S)
                        continue
                try:
                    done = self.step()
                except Exception:
                    log.exception("pre-generation failed; trying again shortly")
                    done = None
                if done is None:
                    self._wake.wait(IDLE_POLL_S)
                    self._wake.clear()
        finally:
            if held is not None:
                held.release()

    def _next_segment(self, article_id: str) -> Segment | None:
        for position, key, spoken in self.store.segment_rows(article_id):
            if key not in self._failed and self.synthesizer.cache.find(key) is None:
                return Segment(position, "paragraph", spoken, spoken, key)
        return None
