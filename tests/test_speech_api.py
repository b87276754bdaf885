"""A paragraph no one would write (30,000 letters without a space) is stored in time, and the
service keeps answering while it is normalized: the normalizer is linear and never runs on the
event loop. A real app on a real HTTP server on loopback, as a publisher and a monitor reach it.
"""

import statistics
import threading
import time

import httpx
from harness import AUTH, make_settings
from loopback import app_in_thread

from a11y.web.app import create_app

LONG_PARAGRAPH_CHARS = 30_000
# Letters of every kind a step looks at, with digits and signs among them, and never a space.
PATTERN = "가나다ABCdef123▲%(靑)"
POST_BUDGET_S = 30.0  # issue 12 measured 157-164 s before; a loaded 2-core machine is slow, not that slow
HEALTH_MULTIPLE = 20  # /healthz under load may take this many times its unloaded time (or HEALTH_FLOOR_S)
HEALTH_FLOOR_S = 1.0


def test_healthz_answers_promptly_while_a_30000_letter_paragraph_is_stored(tmp_path):
    paragraph = (PATTERN * (LONG_PARAGRAPH_CHARS // len(PATTERN) + 1))[:LONG_PARAGRAPH_CHARS]
    article = {"title": "띄어쓰기 없는 긴 문단", "blocks": [{"type": "paragraph", "text": paragraph}]}
    with app_in_thread(create_app(make_settings(tmp_path))) as base, httpx.Client(base_url=base, timeout=60) as client:
        unloaded = statistics.median(_timed_health(client) for _ in range(5))
        answer: dict = {}

        def post() -> None:
            start = time.perf_counter()
            answer["response"] = client.post("/api/articles", json=article, headers=AUTH)
            answer["seconds"] = time.perf_counter() - start

        poster = threading.Thread(target=post)
        poster.start()
        during = []
        while poster.is_alive():
            during.append(_timed_health(client))
        poster.join()

    print(f"healthz unloaded {unloaded * 1000:.0f} ms, while posting max {max(during) * 1000:.0f} ms over {len(during)} checks; post {answer['seconds']:.2f} s")
    response = answer["response"]
    assert response.status_code == 201, response.text
    assert answer["seconds"] < POST_BUDGET_S
    spoken = " ".join(segment["spoken"] for segment in response.json()["segments"])
    assert not any(char.isdigit() or char in "▲%()靑" for char in spoken)
    assert during, "the health check was asked while the article was processed"
    assert max(during) < max(HEALTH_MULTIPLE * unloaded, HEALTH_FLOOR_S), (unloaded, max(during), answer["seconds"])


def _timed_health(client: httpx.Client) -> float:
    start = time.perf_counter()
    assert client.get("/healthz").status_code in (200, 503)
    return time.perf_counter() - start
