-- Articles, their narration scripts and their audio states (the same tables as SQLite's 0001).
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,  -- the article's JSON as the service wrote it (TEXT: kept byte for byte)
    -- body's `published`, for newest first without reading bodies; "C" so ISO times sort as text
    published TEXT COLLATE "C",
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX articles_by_published ON articles (published DESC NULLS LAST, created_at DESC, id);
-- What each article says, segment by segment, so audio can be made from its key alone.
CREATE TABLE segments (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    spoken TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX segments_by_key ON segments (key);
-- What became of each segment's audio, by key (shared by every article that says the same thing).
-- No row: not made yet (pending). The audio store stays the truth of what is ready.
CREATE TABLE segment_audio (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('ready', 'failed')),
    voice TEXT,
    fallback BOOLEAN NOT NULL DEFAULT false,
    reason TEXT,
    updated_at TIMESTAMPTZ NOT NULL
);
-- Articles whose audio is still to be made ahead of listeners, in the order they came.
CREATE TABLE pregen_queue (
    place BIGINT GENERATED ALWAYS AS IDENTITY,
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    queued_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX pregen_queue_by_place ON pregen_queue (place);
