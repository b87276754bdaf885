-- The tables as they were before numbered migrations; IF NOT EXISTS so files made then are adopted.
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- What each article says, segment by segment, so audio can be made from its key alone.
CREATE TABLE IF NOT EXISTS segments (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    spoken TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX IF NOT EXISTS segments_by_key ON segments(key);
-- Newest first (the index page, the feed) without reading every article's body.
CREATE INDEX IF NOT EXISTS articles_by_published ON articles(json_extract(body, '$.published') DESC, created_at DESC);
-- What became of each segment's audio, by key (shared by every article that says the same thing).
-- No row: not made yet (pending). The cache's files stay the truth of what is ready.
CREATE TABLE IF NOT EXISTS segment_audio (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('ready', 'failed')),
    voice TEXT,
    fallback INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    updated_at TEXT NOT NULL
);
-- Articles whose audio is still to be made ahead of listeners, in the order they came.
CREATE TABLE IF NOT EXISTS pregen_queue (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    queued_at TEXT NOT NULL
);
