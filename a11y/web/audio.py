"""Audio routes: each segment's MP3, by its content key."""

from fastapi import APIRouter
from fastapi.responses import FileResponse

from a11y.service import NotFound
from a11y.web.deps import ServiceDep

router = APIRouter(tags=["audio"])


@router.get("/audio/{key}.mp3", name="read_audio")
def read_audio(key: str, service: ServiceDep) -> FileResponse:
    """One segment's audio, synthesized on first request."""
    try:
        audio = service.audio(key)
    except ValueError as error:
        raise NotFound(str(error)) from error
    return FileResponse(audio.path, media_type="audio/mpeg")
