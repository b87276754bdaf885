"""Politeness towards Google shared by every worker through PostgreSQL: engines that stand for separate
workers (each with throttle and breaker objects of its own) on one real database, Google faked on
loopback. Time is a fake clock, except in the one test with real processes, which asserts a bound."""

import logging
import subprocess
import sys
import threading

import psycopg
import pytest
from postgres import postgres_server

from a11y.engines import SynthesisError, VoiceSkipped, build_engines
from a11y.engines.gtts import GttsEngine
from a11y.engines.politeness import SharedBreaker, SharedThrottle
from a11y.store.schema import upgrade_postgres
from harness import PROJECT, FakeClock, make_settings

TEXT = "엑스는 타운홀 미팅을 열었습니다."


@pytest.fixture
def database(postgres_url) -> str:
    """A fresh database at the schema `a11y db upgrade` makes: its URL."""
    upgraded(postgres_url)
    return postgres_url


def upgraded(database_url: str) -> str:
    with psycopg.connect(database_url) as db:
        upgrade_postgres(db)
    return database_url


def worker_engine(google, database_url: str, clock, *, rate: float = 4, failures: int = 3, cooldown_s: float = 60) -> GttsEngine:
    """Google's voice as one worker builds it: throttle and breaker objects of its own on the shared database."""
    return GttsEngine(
        url=google.url, timeout_s=5.0, retries=0, backoff_s=0.01,
        throttle=SharedThrottle(database_url, rate, clock=clock, sleep=clock.sleep),
        breaker=SharedBreaker(database_url, failures, cooldown_s, clock=clock),
    )  # fmt: skip


class SharedFakeClock:
    """A fake clock for worker threads: time stands still while any worker runs, and jumps to the
    earliest wake-up once every worker sleeps or has finished. So a worker's clock reading after a
    request is the moment that request was sent."""

    def __init__(self, workers: int, now: float = 1_800_000_000.0):
        self.now = now
        self._running = workers
        self._wakes: list[float] = []
        self._changed = threading.Condition()

    def __call__(self) -> float:
        with self._changed:
            return self.now

    def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        with self._changed:
            wake = self.now + seconds
            self._wakes.append(wake)
            self._running -= 1
            self._advance()
            if not self._changed.wait_for(lambda: self.now >= wake, timeout=60):
                raise RuntimeError("fake time stood still: a worker never slept or finished")

    def finished(self) -> None:
        with self._changed:
            self._running -= 1
            self._advance()

    def _advance(self) -> None:
        if self._running == 0 and self._wakes:
            self.now = max(self.now, min(self._wakes))
            woken = [wake for wake in self._wakes if wake <= self.now]
            self._wakes = [wake for wake in self._wakes if wake > self.now]
            self._running += len(woken)  # counted as running before they wake, so time waits for them
            self._changed.notify_all()


def most_in_one_second(times: list[float]) -> int:
    """The most request starts in any window [t, t + 1 s)."""
    times = sorted(times)
    return max(sum(1 for other in times[i:] if other < start + 1.0 - 1e-9) for i, start in enumerate(times))


def test_four_workers_together_never_exceed_the_rate(google, database):
    rate, workers, each = 4, 4, 10
    clock = SharedFakeClock(workers)
    engines = [worker_engine(google, database, clock, rate=rate) for _ in range(workers)]
    sent: list[list[float]] = [[] for _ in range(workers)]
    errors: list[BaseException] = []

    def work(number: int) -> None:
        try:
            for _ in range(each):
                engines[number].synthesize(TEXT)
                sent[number].append(clock())  # time stands still while a worker runs: the send time
        except BaseException as error:
            errors.append(error)
        finally:
            clock.finished()

    threads = [threading.Thread(target=work, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    times = sorted(at for worker in sent for at in worker)
    assert len(times) == len(google.requests) == workers * each
    assert most_in_one_second(times) == rate, "4 workers at 4/s each would send 16 in a second"
    assert times[-1] - times[0] == pytest.approx((len(times) - 1) / rate), "and the rate is used, not undercut"


def test_three_failures_across_two_workers_open_the_breaker_for_both_until_one_trial_succeeds(google, database):
    clock = FakeClock()
    first, second = (worker_engine(google, database, clock, failures=3, cooldown_s=60) for _ in range(2))
    google.script = [503, 503, 503]
    for voice in (first, second, first):
        with pytest.raises(SynthesisError, match="503"):
            voice.synthesize(TEXT)
    for voice in (second, first):
        with pytest.raises(VoiceSkipped, match="skipped after 3 failures in a row; next try in 60 s"):
            voice.synthesize(TEXT)
    assert len(google.requests) == 3, "the open breaker sends nothing, whichever worker asks"
    clock.now += 59
    with pytest.raises(VoiceSkipped, match="next try in 1 s"):
        second.synthesize(TEXT)
    clock.now += 1.5
    assert second.synthesize(TEXT).duration_seconds > 1, "after the cool-down one trial goes, and Google is back"
    assert first.synthesize(TEXT).duration_seconds > 1, "its success closed the breaker for the other worker too"
    assert len(google.requests) == 5


def test_half_open_lets_one_workers_trial_through_and_a_failed_trial_opens_it_for_all(database):
    clock = FakeClock()
    first, second = (SharedBreaker(database, 1, 60, clock=clock) for _ in range(2))
    first.failed()
    assert second.is_open
    clock.now += 60
    first.admit()  # the trial
    with pytest.raises(VoiceSkipped, match="next try in 0 s"):
        second.admit()  # while the trial runs, nobody else goes
    first.failed()
    clock.now += 59
    with pytest.raises(VoiceSkipped, match="next try in 1 s"):
        second.admit()
    clock.now += 1
    second.admit()  # the next trial; its worker dies without a word
    clock.now += 59
    with pytest.raises(VoiceSkipped):
        first.admit()
    clock.now += 1
    first.admit()  # a trial unanswered for a whole cool-down is given up
    first.succeeded()
    assert not second.is_open
    second.admit()


def test_when_the_database_goes_away_google_still_speaks_politely_on_its_own(google, caplog):
    clock = FakeClock()
    with postgres_server() as server:
        url = upgraded(server.fresh_database())
        voice = worker_engine(google, url, clock, rate=5)
        voice.synthesize(TEXT)
        clock.now += 10
        server.stop()
        caplog.set_level(logging.WARNING, logger="a11y.engines.politeness")
        for _ in range(3):
            assert voice.synthesize(TEXT).duration_seconds > 1
        assert clock.sleeps == pytest.approx([0.2, 0.2]), "this process's own throttle spaced them"
        clock.now += 10  # past DATABASE_RETRY_S: the database is asked again, and still does not answer
        assert voice.synthesize(TEXT).duration_seconds > 1
        outage = [record.getMessage() for record in caplog.records]
        assert len(outage) == 2 and all("polite on its own" in line and "does not answer" in line for line in outage), outage
        assert sorted("throttle" in line for line in outage) == [False, True], "the throttle and the breaker each told it once"

        server.start()
        clock.now += 10
        assert voice.synthesize(TEXT).duration_seconds > 1
        assert "answers again" in caplog.records[-1].getMessage()
        with psycopg.connect(url) as db:
            (last_slot,) = db.execute("SELECT last_slot FROM voice_politeness WHERE voice = 'gtts'").fetchone()
        assert last_slot == pytest.approx(clock.now), "the shared throttle is used again"
    assert len(google.requests) == 6


def test_workers_built_from_postgres_settings_share_the_breaker_and_from_sqlite_settings_do_not(google, database, tmp_path):
    google.otherwise = 503
    options = dict(engines=("gtts", "espeak"), gtts_url=google.url, gtts_retries=0, gtts_breaker_failures=1)
    for database_url, second_worker_asks_google in ((database, False), ("", True)):
        settings = make_settings(tmp_path, database_url=database_url, **options)
        first, second = build_engines(settings)[0], build_engines(settings)[0]  # two workers' voices
        before = len(google.requests)
        with pytest.raises(SynthesisError, match="503"):
            first.synthesize(TEXT)
        with pytest.raises(SynthesisError, match="503" if second_worker_asks_google else "skipped"):
            second.synthesize(TEXT)
        assert len(google.requests) - before == (2 if second_worker_asks_google else 1)


# Each process prints the start time the throttle gave it (when told to wait: the clock then plus the
# wait), not the time it woke: a loaded machine wakes sleepers late and in bunches, which says nothing
# about the throttle. The processes race for the slots in the database for real; they just do not sleep.
WORKER = """
import sys, time
from a11y.engines.politeness import SharedThrottle
granted = []
throttle = SharedThrottle(sys.argv[1], float(sys.argv[2]), sleep=lambda wait_s: granted.append(time.time() + wait_s))
for _ in range(int(sys.argv[3])):
    granted.clear()
    throttle.wait()
    print(repr(granted[0] if granted else time.time()), flush=True)
"""


def test_three_processes_at_full_speed_together_keep_to_the_rate(database):
    rate, processes, each = 20, 3, 20
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, database, str(rate), str(each)], stdout=subprocess.PIPE, text=True, cwd=PROJECT)
        for _ in range(processes)
    ]  # fmt: skip
    outputs = [worker.communicate(timeout=60)[0].split() for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * processes
    assert [len(output) for output in outputs] == [each] * processes
    times = [float(at) for output in outputs for at in output]
    assert most_in_one_second(times) <= rate + 1, "three processes at 20/s each would start up to 60 in a second"


def test_without_the_upgrade_google_still_speaks_and_the_log_says_what_to_run(google, postgres_url, caplog):
    clock = FakeClock()
    voice = worker_engine(google, postgres_url, clock, rate=5)
    for _ in range(2):
        assert voice.synthesize(TEXT).duration_seconds > 1
    assert clock.sleeps == pytest.approx([0.2])
    assert "run `a11y db upgrade`" in caplog.text
