"""The app with a voice slowed to imitate a network voice, for the benchmarks' app servers (bench/stampede.py,
bench/first_audio.py): the offline voice plus BENCH_VOICE_DELAY_S, each call a line in BENCH_CALL_LOG,
so the benchmark counts the engine calls the server process made."""

import os
import sys
from pathlib import Path

from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from voices import SlowVoice  # noqa: E402

from a11y.service import Service  # noqa: E402
from a11y.settings import Settings  # noqa: E402
from a11y.web.app import create_app  # noqa: E402


def create_slow_app() -> FastAPI:
    settings = Settings()
    voice = SlowVoice("slow", float(os.environ["BENCH_VOICE_DELAY_S"]), Path(os.environ["BENCH_CALL_LOG"]))
    return create_app(settings, Service.from_settings(settings, engines=[voice]))
