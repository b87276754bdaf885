"""Benchmark 6, parsing: how long `a11y.ingest.parse` takes on each page of the corpus (tests/pages),
with the container-name list on and off, on two generated ~1 MB pages, and on pages whose article
holds one 50,000-character run without a space. Prints p50/p99 of wall-clock and CPU time, in ms.

    .venv/bin/python bench/parse.py [--repeat 5]

No server: the parser alone, in this process, as the API runs it in a worker thread.
"""

import argparse
import statistics
import time
from pathlib import Path

from a11y.ingest import parse

PAGES = Path(__file__).resolve().parent.parent / "tests" / "pages"
SENTENCES = [
    "서울시가 다음 달부터 시내버스 첫차 출발 시각을 30분 앞당긴다고 5일 밝혔다.",
    "대상은 새벽 이용객이 많은 노선 12개로, 시는 이용 실적을 보고 대상을 늘려 갈 계획이다.",
    "시 관계자는 \"첫차 시간을 앞당겨 달라는 요청이 꾸준히 있었다\"며 \"반응을 보고 확대하겠다\"고 말했다.",
]


def big_page(target_bytes: int = 1_000_000) -> bytes:
    """An article page of about target_bytes: paragraphs, photos, subheadings, ads and a related list."""
    head = """<!doctype html><html><head><meta charset="utf-8"><title>큰 기사 - 도시일보</title>
    <meta property="og:title" content="큰 기사"><meta property="article:published_time" content="2024-11-05T16:04:03+09:00">
    </head><body><header><a href="/">도시일보</a></header><h1>큰 기사</h1><div class="story">"""
    parts, size, number = [head], len(head.encode()), 0
    while size < target_bytes:
        number += 1
        chunk = f"<p>{' '.join(SENTENCES)} ({number})</p>"
        if number % 10 == 0:
            chunk += (f'<figure><img src="https://img.example.com/{number}.jpg" alt="사진 {number}">'
                      f"<figcaption>정류장에서 시민들이 버스를 기다리고 있다. /도시일보</figcaption></figure>")  # fmt: skip
        if number % 15 == 0:
            chunk += f"<h3>소제목 {number}</h3><div class='ad_box'><script>ad({number});</script><span>광고</span></div>"
        parts.append(chunk)
        size += len(chunk.encode())
    parts.append("</div><div class='related'><h3>관련 기사</h3><ul><li><a href='/1'>다른 기사</a></li></ul></div></body></html>")
    return "".join(parts).encode()


def padded_page(target_bytes: int = 1_000_000) -> bytes:
    """A corpus article inside ~1 MB of what real pages carry around it: scripts, menus, link lists."""
    page = (PAGES / "yonhap.html").read_bytes()
    furniture, number = [], 0
    while sum(map(len, furniture)) < target_bytes - len(page):
        number += 1
        links = "".join(f'<li><a href="/news/{number}/{item}">다른 기사 제목 {number}-{item} 한 줄로 길게</a></li>' for item in range(20))
        furniture.append(f"<div class='menu_{number}'><ul>{links}</ul></div><script>var slot{number} = {{id: {number}}};</script>".encode())
    return page.replace(b"</body>", b"".join(furniture) + b"</body>")


def long_run_page(run: str) -> bytes:
    blob = (run * 50_000)[:50_000]
    return f"""<html><head><title>긴 덩어리</title></head><body><h1>긴 덩어리</h1><div class="content">
    <p>{SENTENCES[0]}</p><p>{blob}</p><p>{SENTENCES[1]}</p></div></body></html>""".encode()


def timings_ms(pages: list[bytes], repeat: int, known_containers: bool = True) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each parse (CPU time is what a loaded machine does not inflate)."""
    wall, cpu = [], []
    for page in pages:
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            parse(page, "html", known_containers=known_containers)
            wall.append(1000 * (time.perf_counter() - started))
            cpu.append(1000 * (time.process_time() - started_cpu))
    return wall, cpu


def row(name: str, timings: tuple[list[float], list[float]]) -> str:
    cells = []
    for values in timings:
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        cells += [f"{statistics.median(values):.1f}", f"{p99:.1f}"]
    return f"| {name} | {len(timings[0])} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="parses of each page (the first is also timed)")
    arguments = parser.parse_args()
    corpus = [path.read_bytes() for path in sorted(PAGES.glob("*.html"))]
    parse(corpus[0], "html")  # imports and compiled patterns, before any timing
    big, padded = big_page(), padded_page()
    runs = {run: long_run_page(run) for run in ["A", "가", ".", "1", "a@", "{", "=", "http://x.kr/"]}
    print(f"corpus: {len(corpus)} pages, {sum(map(len, corpus)) / len(corpus) / 1024:.1f} KiB on average; "
          f"1 MB pages: {len(big) / 1e6:.2f} MB of article text, {len(padded) / 1e6:.2f} MB around a normal article")  # fmt: skip
    print("| set | parses | wall p50 ms | wall p99 ms | CPU p50 ms | CPU p99 ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(row("corpus, container list on", timings_ms(corpus, arguments.repeat, True)))
    print(row("corpus, container list off", timings_ms(corpus, arguments.repeat, False)))
    print(row("~1 MB of article text (2,500 paragraphs)", timings_ms([big], arguments.repeat)))
    print(row("~1 MB page: a normal article in menus and scripts", timings_ms([padded], arguments.repeat)))
    for run, page in runs.items():
        print(row(f"50,000 × {run!r} in one paragraph", timings_ms([page], arguments.repeat)))


if __name__ == "__main__":
    main()
