"""The JSON API for publishers and apps: articles, and the publisher lexicon (read it, or replace it whole)."""

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from a11y.article import Article
from a11y.speech import Lexicon, LexiconError
from a11y.web.article_body import REQUEST_BODY_OPENAPI, article_from_request
from a11y.web.context import article_context
from a11y.web.deps import PublisherDep, ServiceDep

router = APIRouter(prefix="/api", tags=["articles"])


@router.post("/articles", status_code=201, dependencies=[PublisherDep], openapi_extra=REQUEST_BODY_OPENAPI)
async def create_article(request: Request, service: ServiceDep) -> dict:
    """Store an article (publisher JSON, a web page, copied page text, or `{"url": …}` to fetch), or
    update it in place when the same source comes again (same id), and return where to read and hear it."""
    article = await article_from_request(request)

    def store() -> dict:
        stored, created = service.ingest(article)
        context = article_context(request, stored, service.script(stored.article))
        return {
            "id": stored.id,
            "created": created,
            "url": context["url"],
            "api_url": str(request.url_for("read_article_json", article_id=stored.id)),
            "segments": context["segments"],
        }

    return await run_in_threadpool(store)


@router.post("/parse", response_model=Article, dependencies=[PublisherDep], openapi_extra=REQUEST_BODY_OPENAPI)
async def parse_article(request: Request) -> Article:
    """The article as the service reads it from the same bodies as `POST /api/articles`; nothing is stored."""
    return await article_from_request(request)


@router.get("/articles/{article_id}")
def read_article_json(article_id: str, request: Request, service: ServiceDep) -> dict:
    """The article with, for each narrated segment, its text and audio URL."""
    stored = service.article(article_id)
    return article_context(request, stored, service.script(stored.article))


@router.delete("/articles/{article_id}", status_code=204, dependencies=[PublisherDep])
def delete_article(article_id: str, service: ServiceDep) -> Response:
    """Remove an article; its audio stays cached until `a11y cache prune` finds no article needs it."""
    service.delete(article_id)
    return Response(status_code=204)


@router.post("/articles/{article_id}/synthesis", status_code=202, dependencies=[PublisherDep])
def resynthesize_article(article_id: str, service: ServiceDep) -> dict:
    """Queue the article's missing or failed audio to be made again, ahead of listeners."""
    return {"id": article_id, "queued_segments": service.resynthesize(article_id)}



class LexiconBody(BaseModel):
    """Written form → how it is said, e.g. {"Tesla": "테슬라", "X": "엑스"}; and written form → why
    the entry is there (the desk's notes), for the entries that have one."""

    entries: dict[str, str] = Field(examples=[{"X": "엑스", "Tesla": "테슬라"}])
    notes: dict[str, str] = Field(default_factory=dict, examples=[{"X": "옛 트위터"}])


class LexiconChange(LexiconBody):
    changed_articles: int  # stored articles with at least one segment said differently now
    changed_segments: int  # their segments with a new text, hence a new audio key


@router.get("/lexicon", tags=["lexicon"])
def read_lexicon(service: ServiceDep) -> LexiconBody:
    """The lexicon in force, in its file's order."""
    current = service.lexicon.current()
    return LexiconBody(entries=current.entries, notes=current.notes)


@router.put("/lexicon", dependencies=[PublisherDep], tags=["lexicon"])
def replace_lexicon(body: LexiconBody, service: ServiceDep) -> LexiconChange:
    """Replace the whole lexicon; the stored segments it touches get their new text and key. Without
    `notes`, the entries that stay keep the notes they had."""
    notes = body.notes if "notes" in body.model_fields_set else service.lexicon.current().notes
    try:
        lexicon = Lexicon(body.entries, notes)
    except LexiconError as error:
        raise HTTPException(422, str(error)) from error
    changed = service.replace_lexicon(lexicon)
    return LexiconChange(
        entries=lexicon.entries,
        notes=lexicon.notes,
        changed_articles=len(changed),
        changed_segments=sum(changed.values()),
    )
