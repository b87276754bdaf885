"""The page corpus (tests/pages, described in its README): each page's article, field by field.

Every `<name>.html` has a `<name>.expected.json` beside it: the article a careful reader takes from
the page (title, subtitles, times at the precision the page states, byline, publisher, agency source,
and the blocks in reading order). With the publishers' container-name list on, every page must match;
with it off (the general body finder alone), at least `MIN_GENERAL_SHARE` of the pages must.
"""

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from a11y.ingest import parse
from harness import PROJECT

PAGES = PROJECT / "tests" / "pages"
CORPUS = sorted(PAGES.glob("*.html"))
SEOUL = ZoneInfo("Asia/Seoul")
TIME_FORMATS = {"day": "%Y-%m-%d", "minute": "%Y-%m-%dT%H:%M", "second": "%Y-%m-%dT%H:%M:%S"}
FIELDS = ("title", "subtitles", "published", "modified", "byline", "publisher", "source")
MIN_GENERAL_SHARE = 0.8


@dataclass
class Outcome:
    """One page read once: how many checks it has, and a readable line for each that failed."""

    page: str
    checks: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def report(self) -> str:
        return f"{self.page}: {self.failed} of {self.checks} checks differ\n" + "\n".join(
            "  " + line for line in self.failures
        )


def expected_of(page: Path) -> dict:
    return json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))


def read_page(page: Path, known_containers: bool) -> Outcome:
    expected = expected_of(page)
    outcome = Outcome(page.name)
    try:
        article = parse(
            page.read_bytes(), "html", source_url=expected.get("source_url"), known_containers=known_containers
        )
    except Exception as error:  # noqa: BLE001 - a page that does not parse fails every check
        outcome.checks = outcome.failed = len(FIELDS) + 1 + len(expected["blocks"])
        outcome.failures.append(f"parse failed: {type(error).__name__}: {error}")
        return outcome
    got = found_fields(article)
    for name in FIELDS:
        outcome.checks += 1
        if got[name] != expected[name]:
            outcome.failed += 1
            outcome.failures.append(f"{name}: expected {expected[name]!r}, got {got[name]!r}")
    want_blocks = [block_line(block) for block in expected["blocks"]]
    got_blocks = [block_line(block.model_dump()) for block in article.blocks]
    outcome.checks += 1 + len(want_blocks)
    wrong = sum(1 for position, line in enumerate(want_blocks) if got_blocks[position : position + 1] != [line])
    outcome.failed += wrong + (len(got_blocks) != len(want_blocks))
    if len(got_blocks) != len(want_blocks):
        outcome.failures.append(f"block count: expected {len(want_blocks)}, got {len(got_blocks)}")
    if got_blocks != want_blocks:
        diff = difflib.unified_diff(want_blocks, got_blocks, "expected blocks", "parsed blocks", lineterm="", n=1)
        outcome.failures.append(f"{wrong} expected block(s) not in place:\n    " + "\n    ".join(diff))
    return outcome


def found_fields(article) -> dict:
    """The article's fields as the expected JSON writes them."""
    return {
        "title": squash(article.title),
        "subtitles": [squash(text) for text in article.subtitles],
        "published": seoul_time(article, "published"),
        "modified": seoul_time(article, "modified"),
        "byline": article.byline,
        "publisher": article.publisher,
        "source": getattr(article, "source", "<no source field>"),
    }


def seoul_time(article, name: str) -> str | None:
    """A time in Seoul, written to the precision the article says it has (never seconds it lacks)."""
    if not hasattr(article, name):
        return f"<no {name} field>"
    value = getattr(article, name)
    if value is None:
        return None
    precision = getattr(article, f"{name}_precision", None)
    if precision not in TIME_FORMATS:
        return f"{value.isoformat()} <precision {precision!r}>"
    return value.astimezone(SEOUL).strftime(TIME_FORMATS[precision])


def block_line(block: dict) -> str:
    """One block as one comparable line: its type and whitespace-normalized text, or caption and credit."""
    if block["type"] == "image":
        return f"image: {squash(block.get('caption') or '')!r} credit={block.get('credit')!r}"
    return f"{block['type']}: {squash(block['text'])}"


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("page", CORPUS, ids=[page.stem for page in CORPUS])
def test_each_page_reads_as_a_reader_reads_it_with_the_container_list(page):
    outcome = read_page(page, known_containers=True)
    if not outcome.passed:
        pytest.fail(outcome.report(), pytrace=False)


def test_the_general_body_finder_alone_reads_most_pages_right(capsys):
    outcomes = [read_page(page, known_containers=False) for page in CORPUS]
    passed = sum(outcome.passed for outcome in outcomes)
    checks = sum(outcome.checks for outcome in outcomes)
    failed_checks = sum(outcome.failed for outcome in outcomes)
    summary = (
        f"container list off: {passed}/{len(outcomes)} pages pass ({passed / len(outcomes):.0%}), "
        f"{checks - failed_checks}/{checks} checks hold ({(checks - failed_checks) / checks:.1%})"
    )
    failing = "\n".join(outcome.report() for outcome in outcomes if not outcome.passed)
    with capsys.disabled():
        print(f"\n{summary}")
    if passed < MIN_GENERAL_SHARE * len(outcomes):
        pytest.fail(f"{summary}\n{failing}", pytrace=False)


def test_every_page_has_its_expected_article():
    assert len(CORPUS) >= 42
    for page in CORPUS:
        expected = expected_of(page)
        assert set(FIELDS) | {"blocks"} <= set(expected), page.name
        assert expected["title"] and expected["blocks"], page.name
