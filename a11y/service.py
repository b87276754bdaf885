"""The service as the CLI and the web see it: store, narration script and voices wired together."""

from dataclasses import dataclass

from a11y.article import Article
from a11y.cache import AudioCache, CachedAudio
from a11y.engines import build_engines
from a11y.narration import Segment, narration_script
from a11y.narrator import Narrator
from a11y.settings import Settings
from a11y.store import Store, StoredArticle


class NotFound(Exception):
    """What was asked for is not here; the message names it."""


@dataclass
class Service:
    settings: Settings
    store: Store
    narrator: Narrator

    @classmethod
    def from_settings(cls, settings: Settings) -> "Service":
        cache = AudioCache(settings.audio_cache_dir)
        return cls(settings, Store(settings.database_path), Narrator(build_engines(settings), cache))

    def script(self, article: Article) -> list[Segment]:
        return narration_script(article, self.narrator.voice_id)

    def ingest(self, article: Article) -> tuple[StoredArticle, bool]:
        return self.store.save(article, self.script(article))

    def article(self, article_id: str) -> StoredArticle:
        stored = self.store.get(article_id)
        if stored is None:
            raise NotFound(f"기사를 찾을 수 없습니다: {article_id}")
        return stored

    def audio(self, key: str) -> CachedAudio:
        """The audio for a segment key, made now if no voice has made it yet."""
        found = self.narrator.cache.find(key)
        if found:
            return found
        spoken = self.store.spoken_text(key)
        if spoken is None:
            raise NotFound(f"오디오를 찾을 수 없습니다: {key}")
        return self.narrator.synthesize(Segment(0, "paragraph", spoken, spoken, key))
