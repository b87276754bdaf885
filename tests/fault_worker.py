"""A separate process that ingests and synthesizes without pause, for the fault tests to kill or to
run twice at once: `python fault_worker.py DATA_DIR CACHE_DIR MODE [NAME]`.

churn:  forever, store the next version of one of TOPICS and make one segment's audio (pre-generation)
share:  store both versions of ARTICLES (worker "a" in one order, any other in the other) and NAME's
        own articles, then pre-generate until the queue is done
The voice is the real offline one, counting each synthesis in CACHE_DIR/../syntheses.log.
"""

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import make_settings  # noqa: E402
from voices import SlowVoice  # noqa: E402

from a11y.article import Article  # noqa: E402
from a11y.service import Service  # noqa: E402

TOPICS = ("폭설", "지진", "선거")


def version(topic: str, number: int) -> Article:
    """Each version says something else in every paragraph, so each needs new audio."""
    return Article.model_validate(
        {
            "title": f"{topic} 소식 {number}판",
            "source_url": f"https://example.com/news/{topic}",
            "blocks": [{"type": "paragraph", "text": f"{topic} {number}판의 {place}번째 문단입니다."} for place in range(1, 4)],
        }
    )


ARTICLES = {topic: (version(topic, 1), version(topic, 2)) for topic in TOPICS}


def service_for(data_dir: Path, cache_dir: Path) -> Service:
    settings = make_settings(data_dir.parent, data_dir=data_dir, audio_cache_dir=cache_dir, pregenerate=True)
    voice = SlowVoice("espeak", log=cache_dir.parent / "syntheses.log")
    return Service.from_settings(settings, engines=[voice])


def churn(service: Service) -> None:
    print("ready", flush=True)
    for turn in itertools.count():
        topic = TOPICS[turn % len(TOPICS)]
        service.ingest(version(topic, turn // len(TOPICS) + 1))
        service.pregen.step()


def share(service: Service, name: str) -> None:
    own = [
        Article.model_validate(
            {"title": f"{name}의 기사 {n}", "source_url": f"https://example.com/{name}/{n}",
             "blocks": [{"type": "paragraph", "text": f"{name} 작업자의 {n}번째 기사 본문입니다."}]}
        )
        for n in range(1, 4)
    ]
    # The two workers store the shared articles' versions in opposite orders, at the same time.
    shared = [pair[n] for pair in ARTICLES.values() for n in ((0, 1) if name == "a" else (1, 0))]
    for article in [*own, *shared]:
        service.ingest(article)
    service.pregen.drain()
    print("done", flush=True)


if __name__ == "__main__":
    data, cache, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    worker = service_for(data, cache)
    churn(worker) if mode == "churn" else share(worker, sys.argv[4])
