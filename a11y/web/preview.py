"""How any text will be heard: `POST /api/say` answers the spoken form, each step and the flags.

It stores nothing and reads nothing private (the lexicon is public at GET /api/lexicon), so it needs
no token: a CMS can show the spoken form while an article is being written, from its own pages in
the browser too (CORS: any origin, no credentials, this route only). Limited per client and to
MAX_SAY_CHARS characters, and run off the event loop (every step is linear in the text).
"""

import json
import math

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from a11y.service import Service
from a11y.speech import Explanation, explain, with_lexicon
from a11y.web.deps import ServiceDep
from a11y.web.http_errors import json_error

router = APIRouter(prefix="/api", tags=["speech"])

MAX_SAY_CHARS = 5_000
# Room for MAX_SAY_CHARS characters each written as a JSON escape (\uXXXX, twice for a surrogate
# pair), so a larger body is refused before it is parsed on the event loop.
MAX_SAY_BODY_BYTES = MAX_SAY_CHARS * 12 + 1024
SAY_PATH = "/api/say"
# The answer is public and no cookie is sent with it, so any origin may read it.
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Retry-After"}
_PREFLIGHT = {
    **_CORS,
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": "content-type",
    "Access-Control-Max-Age": "86400",
}

_BODY_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {"text": {"type": "string", "maxLength": MAX_SAY_CHARS}},
                },
                "example": {"text": "北, 3.5% 성장… NASA는 2일 발표"},
            }
        },
    }
}


@router.options(SAY_PATH.removeprefix("/api"), include_in_schema=False)
def say_preflight() -> Response:
    """A browser's question before a page of another origin posts JSON here: yes."""
    return Response(status_code=204, headers=_PREFLIGHT)


@router.post(SAY_PATH.removeprefix("/api"), openapi_extra=_BODY_OPENAPI)
async def say_text(request: Request, service: ServiceDep) -> JSONResponse:
    """The spoken form of `{"text": …}` with the publisher lexicon in force: `spoken`, the `steps`
    that changed it (`step`, `before`, `after`) and the `flags` left for the voice to guess."""
    answer = await _say(request, service)
    answer.headers.update(_CORS)  # refusals too, so a CMS page can show why
    return answer


async def _say(request: Request, service: Service) -> JSONResponse:
    client = request.client.host if request.client else "unknown"
    wait_s = request.app.state.say_limit.take(client)
    if wait_s > 0:
        retry_after_s = math.ceil(wait_s)
        return json_error(429, f"미리 듣기 요청이 너무 잦습니다. {retry_after_s}초 뒤에 다시 시도해 주세요.", retry_after_s)
    body = await request.body()
    if len(body) > MAX_SAY_BODY_BYTES:
        return json_error(422, f"글이 너무 깁니다 (최대 {MAX_SAY_CHARS:,}자). 나누어 보내 주세요.")
    text, problem = say_input(body)
    if problem:
        return json_error(422, problem)
    explanation = await run_in_threadpool(spoken_explanation, service, text)
    return JSONResponse(explanation.as_dict(), headers={"Cache-Control": "no-store"})


def say_input(body: bytes) -> tuple[str, str | None]:
    """The text of a `{"text": …}` body, or a sentence saying what is wrong with the body."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return "", '본문은 JSON이어야 합니다. 예: {"text": "읽어 볼 글"}'
    if not isinstance(data, dict) or "text" not in data:
        return "", '‘text’ 필드가 없습니다. 예: {"text": "읽어 볼 글"}'
    text = data["text"]
    if not isinstance(text, str):
        return "", "‘text’는 문자열이어야 합니다."
    return text, text_problem(text)


def text_problem(text: str) -> str | None:
    if len(text) > MAX_SAY_CHARS:
        return f"글이 너무 깁니다: {len(text):,}자 (최대 {MAX_SAY_CHARS:,}자). 나누어 보내 주세요."
    return None


def spoken_explanation(service: Service, text: str) -> Explanation:
    """How the voice will say `text` with the publisher lexicon now in force."""
    return explain(text, with_lexicon(service.lexicon.current()))
