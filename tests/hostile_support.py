"""What "nothing stored changed" means, for the hostile-input tests: every row of the SQLite file,
every file under the audio cache (name and bytes), and the lexicon file."""

import hashlib
import sqlite3
from pathlib import Path

from a11y.settings import Settings

HOSTILE = Path(__file__).resolve().parent / "hostile"


def stored_state(settings: Settings) -> dict:
    with sqlite3.connect(settings.database_path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        rows = {table: sorted(map(repr, db.execute(f"SELECT * FROM {table}"))) for table in tables}
    cache = settings.audio_cache_dir
    files = {
        str(path.relative_to(cache)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(cache.rglob("*"))
        if path.is_file() and ".locks" not in path.parts
    } if cache.exists() else {}
    lexicon = settings.lexicon_file.read_bytes() if settings.lexicon_file.exists() else None
    return {"rows": rows, "cache": files, "lexicon": lexicon}
