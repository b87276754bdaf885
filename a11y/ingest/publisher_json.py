"""Publisher JSON: the `Article` schema itself (see the README and /docs), checked field by field."""

import json

from pydantic import ValidationError

from a11y.article import Article
from a11y.errors import IngestError, InvalidArticle


def parse_json(text: str) -> Article:
    """The article a publisher sent, or an error naming each field that is wrong."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise IngestError(
            f"JSON으로 읽을 수 없습니다 ({error.lineno}번째 줄 {error.colno}번째 글자: {error.msg})."
        ) from error
    except RecursionError as error:  # json nests by recursion: thousands of brackets exhaust the stack
        raise IngestError("JSON이 너무 깊게 중첩되어 있습니다.") from error
    if not isinstance(value, dict):
        raise IngestError("기사 JSON은 객체({ … })여야 합니다.")
    try:
        return Article.model_validate(value)
    except ValidationError as error:
        errors = _root_causes(error.errors(include_url=False, include_context=False, include_input=False))
        problems = "; ".join(f"{field_path(problem['loc'])}: {problem['msg']}" for problem in errors)
        raise InvalidArticle(f"not a valid article: {problems}", errors) from error


def _root_causes(errors: list[dict]) -> list[dict]:
    # A bad block also makes pydantic say "blocks: at least 1 item after validation": an echo, not a cause.
    bad_block = any(len(problem["loc"]) > 1 and problem["loc"][0] == "blocks" for problem in errors)
    return [problem for problem in errors if not (bad_block and problem["loc"] == ("blocks",))]


def field_path(location: tuple) -> str:
    """('blocks', 0, 'paragraph', 'text') → 'blocks[0].text' (the block type tag is pydantic's, not a field)."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in ("paragraph", "subheading", "quote", "image") or not path.endswith("]"):
            path += f".{part}" if path else str(part)
    return path or "(전체)"
