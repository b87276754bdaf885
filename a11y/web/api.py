"""The JSON API for publishers and apps."""

from fastapi import APIRouter, Request

from a11y.article import Article
from a11y.web.context import article_context
from a11y.web.deps import PublisherDep, ServiceDep

router = APIRouter(prefix="/api", tags=["articles"])


@router.post("/articles", status_code=201, dependencies=[PublisherDep])
def create_article(article: Article, request: Request, service: ServiceDep) -> dict:
    """Store an article (or update it in place, same id) and return where to read and hear it."""
    stored, created = service.ingest(article)
    context = article_context(request, stored, service.script(stored.article))
    return {"id": stored.id, "created": created, "url": context["url"], "segments": context["segments"]}


@router.get("/articles/{article_id}")
def read_article_json(article_id: str, request: Request, service: ServiceDep) -> dict:
    """The article with, for each narrated segment, its text and audio URL."""
    stored = service.article(article_id)
    return article_context(request, stored, service.script(stored.article))
