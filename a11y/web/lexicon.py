"""The publisher lexicon over HTTP: read it, or replace it whole (with the publisher token)."""

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from a11y.speech import Lexicon, LexiconError
from a11y.web.deps import PublisherDep, ServiceDep

router = APIRouter(prefix="/api", tags=["lexicon"])


class LexiconBody(BaseModel):
    """Written form → how it is said, e.g. {"Tesla": "테슬라", "X": "엑스"}."""

    entries: dict[str, str] = Field(examples=[{"X": "엑스", "Tesla": "테슬라"}])


class LexiconChange(LexiconBody):
    changed_articles: int  # stored articles with at least one segment said differently now
    changed_segments: int  # their segments with a new text, hence a new audio key


@router.get("/lexicon")
def read_lexicon(service: ServiceDep) -> LexiconBody:
    """The lexicon in force, in its file's order."""
    return LexiconBody(entries=service.lexicon.current().entries)


@router.put("/lexicon", dependencies=[PublisherDep])
def replace_lexicon(body: LexiconBody, service: ServiceDep) -> LexiconChange:
    """Replace the whole lexicon; the stored segments it touches get their new text and key."""
    try:
        lexicon = Lexicon(body.entries)
    except LexiconError as error:
        raise HTTPException(422, str(error)) from error
    changed = service.replace_lexicon(lexicon)
    return LexiconChange(
        entries=lexicon.entries, changed_articles=len(changed), changed_segments=sum(changed.values())
    )
