"""Test doubles for what lies outside the project: Google's TTS endpoint, and voices that are slow,
gated or down. The sound itself always comes from the real offline voice (espeak-ng)."""

import base64
import io
import json
import socket
import threading
import time
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import uvicorn

from a11y.audio.encoding import AudioSegment, SAMPLE_RATE_HZ
from a11y.engines import SynthesisError
from a11y.engines.espeak import EspeakEngine

_espeak = EspeakEngine()


class SlowVoice:
    """The offline voice, taking `delay_s` longer; counts its syntheses (in a file when given one, so
    several processes can be counted)."""

    def __init__(self, name: str = "slow", delay_s: float = 0.0, log: Path | None = None):
        self.name, self.delay_s, self.log = name, delay_s, log
        self.voice_id = f"{name}:espeak-ng:ko"
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> AudioSegment:
        with self._lock:
            self.calls.append(text)
        if self.log is not None:
            with open(self.log, "a", encoding="utf-8") as out:
                out.write(text.replace("\n", " ") + "\n")
        time.sleep(self.delay_s)
        return _espeak.synthesize(text)


class DownVoice:
    """A voice that is away (as Google's is offline); can come back with `.up = True`."""

    def __init__(self, name: str = "gtts", voice_id: str = "down:ko"):
        self.name, self.voice_id, self.up = name, voice_id, False
        self.calls: list[str] = []

    def synthesize(self, text: str) -> AudioSegment:
        self.calls.append(text)
        if not self.up:
            raise SynthesisError(f"{self.name} is away")
        return _espeak.synthesize(text)


class GatedVoice:
    """The offline voice, but each text waits until the test lets it through."""

    def __init__(self, name: str = "gated"):
        self.name, self.voice_id = name, f"{name}:espeak-ng:ko"
        self.calls: list[str] = []
        self._allowed: set[str] = set()
        self._all = False
        self._changed = threading.Condition()

    def allow(self, *texts: str) -> None:
        with self._changed:
            self._allowed.update(texts)
            self._changed.notify_all()

    def allow_all(self) -> None:
        with self._changed:
            self._all = True
            self._changed.notify_all()

    def synthesize(self, text: str) -> AudioSegment:
        with self._changed:
            self.calls.append(text)
            if not self._changed.wait_for(lambda: self._all or text in self._allowed, timeout=30):
                raise SynthesisError("the test never let this text through")
        return _espeak.synthesize(text)


# Google's voice, as its endpoint answers: quieter than ours, with silence before it starts, 24 kHz.
GOOGLE_GAIN_DB = -14.0
GOOGLE_LEAD_MS = 300


def google_mp3(text: str) -> bytes:
    speech = EspeakEngine(pitch=75).synthesize(text).set_frame_rate(SAMPLE_RATE_HZ).apply_gain(GOOGLE_GAIN_DB)
    audio = AudioSegment.silent(GOOGLE_LEAD_MS, frame_rate=SAMPLE_RATE_HZ) + speech
    out = io.BytesIO()
    audio.export(out, format="mp3", bitrate="32k")
    return out.getvalue()


def batchexecute_answer(mp3: bytes) -> bytes:
    """Google's batchexecute answer carrying base64 audio, as gTTS reads it."""
    audio = json.dumps([base64.b64encode(mp3).decode()])
    payload = json.dumps([["wrb.fr", "jQ1olc", audio, None, None, None, "generic"]], separators=(",", ":"))
    return f")]}}'\n\n{len(payload)}\n{payload}\n".encode()


class FakeGoogle:
    """Google's TTS endpoint on loopback. `script` holds the next answers in order ("ok", 429, 503,
    403, "hang", "html", "garbage"); when it runs out, `otherwise` answers. Records each request."""

    def __init__(self):
        self.script: list = []
        self.otherwise = "ok"
        self.retry_after: str | None = None  # sent with 429s
        self.requests: list[tuple[float, str]] = []  # (monotonic time, text asked for)
        self._stop = threading.Event()
        self._audio: dict[str, bytes] = {}
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
                fake._answer(self, body)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/_/TranslateWebserverUi/data/batchexecute"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> "FakeGoogle":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()  # hanging answers end
        self.server.shutdown()
        self.server.server_close()

    @property
    def texts(self) -> list[str]:
        return [text for _at, text in self.requests]

    def _answer(self, handler: BaseHTTPRequestHandler, body: str) -> None:
        freq = urllib.parse.parse_qs(body)["f.req"][0]
        text = json.loads(json.loads(freq)[0][0][1])[0]
        with self._lock:
            self.requests.append((time.monotonic(), text))
            how = self.script.pop(0) if self.script else self.otherwise
        if how == "hang":
            self._stop.wait(30)
            return
        status, data, headers = 200, b"", {}
        if how == "ok":
            with self._lock:
                audio = self._audio.get(text)
            if audio is None:
                audio = google_mp3(text)
                with self._lock:
                    self._audio[text] = audio
            data = batchexecute_answer(audio)
        elif how == "html":
            data = b"<html><body>Our systems have detected unusual traffic</body></html>"
        elif how == "garbage":
            data = batchexecute_answer(b"this is not audio at all" * 20)
        else:
            status, data = how, b"error"
            if how == 429 and self.retry_after is not None:
                headers["Retry-After"] = self.retry_after
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (a timeout test)


@contextmanager
def live_server(app):
    """The app served by uvicorn on a loopback port, in a thread; yields the base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
