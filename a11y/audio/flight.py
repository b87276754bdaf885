"""Single flight: however many callers ask for the same thing at once, it is made once.

The first caller's work runs on the executor; everyone who asks while it runs gets the same
Future, and so the same result or the same error. Once it is done the key is forgotten, so a
later caller starts afresh (and finds the cached result, if the work cached it).
"""

from collections.abc import Callable
from concurrent.futures import Executor, Future
from threading import RLock
from typing import TypeVar

T = TypeVar("T")


class SingleFlight:
    def __init__(self, executor: Executor):
        self._executor = executor
        self._flights: dict[str, Future] = {}
        self._lock = RLock()  # re-entrant: a flight that ends at once calls _forget inside submit

    def submit(self, key: str, work: Callable[[], T]) -> Future[T]:
        """The future of the flight for key, starting one with work if none is in the air."""
        with self._lock:
            future = self._flights.get(key)
            if future is None:
                future = self._executor.submit(work)
                self._flights[key] = future
                future.add_done_callback(lambda done: self._forget(key, done))
            return future

    def in_flight(self, key: str) -> bool:
        with self._lock:
            return key in self._flights

    def _forget(self, key: str, done: Future) -> None:
        with self._lock:
            if self._flights.get(key) is done:
                del self._flights[key]
