"""The editors' desk on a loaded store: how long the list, an article check and a lexicon fix take, and
POST /api/say on 5,000 characters. In process (TestClient), the offline voice, nothing synthesized.

    .venv/bin/python bench/desk.py [ARTICLES]      # default 300

Prints one line per measurement: first (cold: explanations made) and again (warm: cached).
"""

import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from a11y.article import Article, Image, Paragraph
from a11y.settings import Settings
from a11y.web.app import create_app

TOKEN = "bench-token"
PARAGRAPH = (
    "정부는 {n}일 올해 성장률 전망을 2.1%에서 1.9%로 낮췄다고 밝혔다. 한국은행(BOK)은 "
    "기준금리를 3.25%로 유지했고, Vantor 등 반도체 기업의 수출은 전년 대비 12.5% 늘었다."
)


def article(number: int) -> Article:
    return Article(
        title=f"경제 전망 {number}호: 성장률 1.9%로 낮춰" + (" (Zephyrine 보고서)" if number == 0 else ""),
        source_url=f"https://news.example.kr/bench/{number}",
        published=f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}T09:00:00+09:00",
        blocks=tuple(Paragraph(text=PARAGRAPH.format(n=1 + (number + i) % 28)) for i in range(12))
        + (Image(caption="기자회견 하는 北 관계자 ⌘", src="https://news.example.kr/p.jpg"),),
    )


def timed(label: str, call) -> None:
    started = time.perf_counter()
    answer = call()
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"{label:<44} {elapsed_ms:8.1f} ms  (HTTP {answer.status_code})")


def main(count: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="a11y-bench-desk-"))
    settings = Settings(
        _env_file=None, data_dir=root / "data", audio_cache_dir=root / "audio", engines=("espeak",),
        pregenerate=False, publisher_token=TOKEN, lexicon_path=root / "data" / "lexicon.txt",
    )
    app = create_app(settings)
    service = app.state.service
    ids = [service.ingest(article(number))[0].id for number in range(count)]
    client = TestClient(app)
    client.post("/desk/login", data={"token": TOKEN})
    print(f"{count} articles of 14 segments each")
    for round_name in ("cold", "warm"):
        timed(f"GET /desk ({round_name})", lambda: client.get("/desk"))
        timed(f"GET /desk?show=flagged&page=3 ({round_name})", lambda: client.get("/desk?show=flagged&page=3"))
        timed(f"GET /desk/articles/{{id}} ({round_name})", lambda: client.get(f"/desk/articles/{ids[-1]}"))
    csrf = client.get("/desk/lexicon").text.split('name="csrf" value="')[1].split('"')[0]
    timed(
        "POST lexicon entry, a word in 1 article",
        lambda: client.post("/desk/lexicon", data={"csrf": csrf, "word": "Zephyrine", "reading": "제퍼린"}),
    )
    timed(
        f"POST lexicon entry, a word in all {count}",
        lambda: client.post("/desk/lexicon", data={"csrf": csrf, "word": "Vantor", "reading": "반토르"}),
    )
    text = (PARAGRAPH.format(n=5) * 40)[:5000]
    timed("POST /api/say, 5,000 characters", lambda: client.post("/api/say", json={"text": text}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
