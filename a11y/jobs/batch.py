"""Batch work on stored articles' audio: making it all (`a11y synth`) and knowing which files are needed
(`a11y cache stats | prune`)."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from a11y.errors import NotFound
from a11y.script import Segment
from a11y.audio.synthesis import SynthesisUnavailable
from a11y.service import Service
from a11y.audio.whole import whole_digest


@dataclass(frozen=True)
class Outcome:
    article_id: str
    segment: Segment
    action: str  # "had" (already there), "made", "upgraded", "failed"
    voice: str | None  # the voice whose audio the segment has now
    fallback: bool  # that voice is not the preferred one
    reason: str | None = None


@dataclass
class SynthReport:
    total: int = 0
    actions: Counter = field(default_factory=Counter)
    made_by: Counter = field(default_factory=Counter)  # voice -> segments made in this run
    fallback: int = 0  # segments whose audio is a fallback voice's
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.actions[outcome.action] += 1
        if outcome.action in ("made", "upgraded"):
            self.made_by[outcome.voice] += 1
        if outcome.fallback:
            self.fallback += 1
        if outcome.action == "failed":
            self.failures.append(outcome)


def segments_to_make(service: Service, article_ids: list[str]) -> list[tuple[str, Segment]]:
    """(article id, segment) for every distinct segment of the articles (all stored ones when none
    are named), in listening order. Raises NotFound for an unknown id before anything is made."""
    ids = article_ids or service.article_ids()
    articles = [service.article(article_id) for article_id in ids]
    seen: set[str] = set()
    wanted = []
    for stored in articles:
        for segment in service.script(stored.article):
            if segment.key not in seen:
                seen.add(segment.key)
                wanted.append((stored.id, segment))
    return wanted


def synthesize_all(
    service: Service,
    wanted: list[tuple[str, Segment]],
    upgrade: bool = False,
    progress: Callable[[Outcome], None] = lambda _outcome: None,
) -> SynthReport:
    """Make every segment that has no audio; with `upgrade`, also re-make fallback audio with the
    preferred voice. One segment at a time, each through the synthesizer's single flight."""
    report = SynthReport(total=len(wanted))
    for article_id, segment in wanted:
        outcome = _make(service, article_id, segment, upgrade)
        report.add(outcome)
        progress(outcome)
    return report


def _make(service: Service, article_id: str, segment: Segment, upgrade: bool) -> Outcome:
    synthesizer = service.synthesizer
    found = synthesizer.cache.find(segment.key)
    if found and (found.preferred or not upgrade):
        return Outcome(article_id, segment, "had", found.engine or synthesizer.preferred_voice, not found.preferred)
    try:
        made = (synthesizer.upgrade if found else synthesizer.submit)(segment).result()
    except SynthesisUnavailable as error:
        if found:  # the preferred voice is still away: the fallback audio stays
            return Outcome(article_id, segment, "had", found.engine, True, str(error))
        return Outcome(article_id, segment, "failed", None, False, str(error))
    voice = made.engine or synthesizer.preferred_voice
    return Outcome(article_id, segment, "upgraded" if found else "made", voice, not made.preferred)


def needed_audio(service: Service) -> tuple[set[str], set[str]]:
    """The segment keys stored articles need, and the whole-article files that are current."""
    keys = service.segment_keys()
    wholes = set()
    for article_id in service.article_ids():
        try:
            stored = service.article(article_id)
        except NotFound:  # removed meanwhile
            continue
        segments = service.script(stored.article)
        keys.update(segment.key for segment in segments)
        cached = [service.synthesizer.cache.find(segment.key) for segment in segments]
        if all(cached):
            wholes.add(whole_digest(stored.article, segments, cached))
    return keys, wholes

