"""The service as the CLI and the web see it: store, narration script and voices wired together."""

from dataclasses import dataclass
from functools import cached_property, partial

from a11y.article import Article
from a11y.cache import AudioCache, CachedAudio
from a11y.engines import build_engines
from a11y.narration import Segment, narration_script
from a11y.narrator import Narrator
from a11y.settings import Settings
from a11y.speech import NORMALIZER_VERSION, Lexicon, LexiconFile, normalize, with_lexicon
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

    @cached_property
    def lexicon(self) -> LexiconFile:
        """The publisher lexicon in force, kept in settings.lexicon_file."""
        return LexiconFile(self.settings.lexicon_file)

    def script(self, article: Article) -> list[Segment]:
        """The narration script, spoken through the normalizer with the lexicon in force."""
        speak = partial(normalize, steps=with_lexicon(self.lexicon.current()))
        return narration_script(article, self.narrator.voice_id, speak, NORMALIZER_VERSION)

    def replace_lexicon(self, lexicon: Lexicon) -> dict[str, int]:
        """Put a new lexicon in force and re-key the stored segments whose words it changes.

        Returns, for each article with a changed segment, how many changed.
        """
        self.lexicon.replace(lexicon)
        return self.store.refresh_segments(self.script)

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
