"""Reading pages."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from a11y.web.context import article_context
from a11y.web.deps import ServiceDep

router = APIRouter(tags=["pages"])


@router.get("/", response_class=HTMLResponse)
def read_index(request: Request, service: ServiceDep):
    """The articles, newest first."""
    articles = service.store.newest()
    return request.app.state.templates.TemplateResponse(request, "index.html", {"articles": articles})


@router.get("/articles/{article_id}", response_class=HTMLResponse, name="read_article")
def read_article(article_id: str, request: Request, service: ServiceDep):
    """The reading page of one article."""
    stored = service.article(article_id)
    context = article_context(request, stored, service.script(stored.article))
    return request.app.state.templates.TemplateResponse(request, "article.html", {"article": context})


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
