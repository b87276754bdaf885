"""Benchmark 7, the speech normalizer: how long `a11y.speech.normalize` (with the default lexicon)
takes on a 200-paragraph article made of real pages' paragraphs, and on worst-case inputs at the
article limit (200,000 characters of one kind of run, with and without spaces). Prints wall-clock
and CPU time per run (p50 and max of --repeat runs), in ms.

Two worst cases never repeat, so no reading is remembered from one figure to the next: signed
figures drawn by `random.Random(1)`, each '▲' or '▼', a whole number from 1 to 99 (and, in the
second case, a dot and one digit from 0 to 9), then '%', with no space ('▲37%▼4%…', '▲37.5%▼4.0%…'),
joined and cut at 200,000 characters.

    .venv/bin/python bench/normalize.py [--repeat 5]

No server: the normalizer alone, in this process, as the service runs it in a worker thread.
"""

import argparse
import random
import statistics
import time
from pathlib import Path

from a11y.ingest import parse
from a11y.speech import load_lexicon, normalize, with_lexicon
from a11y.speech.hanja_steps import warm_up

PROJECT = Path(__file__).resolve().parent.parent
STEPS = with_lexicon(load_lexicon(None))
ARTICLE_PARAGRAPHS = 200
LIMIT_CHARS = 200_000
WORST_CASES = [
    ("'a' (Latin letters)", "a"),
    ("'A' (capitals)", "A"),
    ("'가' (Hangul syllables)", "가"),
    ("'1' (one 200,000-digit number)", "1"),
    ("'靑' (hanja)", "靑"),
    ("'가A1.' (mixed, no space)", "가A1."),
    ("'(가)' (brackets)", "(가)"),
    ("'1,' (numbers and commas)", "1,"),
    ("'1만' (amounts)", "1만"),
    ("'▲1%' (signed figures, densest)", "▲1%"),
    ("'▲1% ' (signed figures with spaces)", "▲1% "),
    ("'NATO는 ' (names)", "NATO는 "),
    ("'a@b.kr ' (e-mails)", "a@b.kr "),
    ("'3명 ' (counts with spaces)", "3명 "),
    ("'1Q' (quarters, no space)", "1Q"),
    ("'2Q24 ' (quarters of a year)", "2Q24 "),
]
FIGURES_SEED = 1


def signed_figures(decimal: bool) -> str:
    """200,000 characters of random signed percentages, none read from a remembered one (see above)."""
    rng = random.Random(FIGURES_SEED)
    pieces, length = [], 0
    while length < LIMIT_CHARS:
        piece = rng.choice("▲▼") + str(rng.randint(1, 99)) + (f".{rng.randint(0, 9)}" if decimal else "") + "%"
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)[:LIMIT_CHARS]


def paragraphs() -> list[str]:
    """Paragraphs of the page corpus and the sample, in order, repeated up to the article size."""
    texts = []
    for path in [PROJECT / "demo" / "etoday-x-townhall.json", *sorted((PROJECT / "tests" / "pages").glob("*.html"))]:
        texts += [block.text for block in parse(path.read_bytes()).blocks if getattr(block, "type", "") == "paragraph"]
    return (texts * (ARTICLE_PARAGRAPHS // len(texts) + 1))[:ARTICLE_PARAGRAPHS]


def measure(function, repeat: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def row(name: str, size: str, walls: list[float], cpus: list[float]) -> str:
    return f"| {name} | {size} | {statistics.median(walls):.1f} | {max(walls):.1f} | {statistics.median(cpus):.1f} | {max(cpus):.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    warm_up()  # the hanja table, loaded once per process (as a server does at start)
    normalize("靑 1만 NATO 가 ▲1%", STEPS)

    article = paragraphs()
    chars = sum(map(len, article))
    print("| input | characters | wall p50 ms | wall max ms | CPU p50 ms | CPU max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    walls, cpus = measure(lambda: [normalize(text, STEPS) for text in article], args.repeat * 4)
    print(row(f"article of {ARTICLE_PARAGRAPHS} corpus paragraphs", f"{chars:,}", walls, cpus), flush=True)
    texts = [(name, (piece * (LIMIT_CHARS // len(piece) + 1))[:LIMIT_CHARS]) for name, piece in WORST_CASES]
    texts += [
        ("'▲n%' (random signed figures, no repeats)", signed_figures(decimal=False)),
        ("'▲n.n%' (random signed decimals, no repeats)", signed_figures(decimal=True)),
    ]
    for name, text in texts:
        walls, cpus = measure(lambda text=text: normalize(text, STEPS), args.repeat)
        print(row(name, f"{len(text):,}", walls, cpus), flush=True)


if __name__ == "__main__":
    main()
