-- What each node once kept in its own data folder, shared by every node (a11y/store/shared_state.py).
-- The publisher lexicon in force: one row, in the lexicon file's format; `revision` grows at each
-- replacement. No row yet: the first node to read it stores its lexicon file (or the package default).
CREATE TABLE lexicon (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    text TEXT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- What the stored segments were keyed with (voice, normalizer, synthesis format), as JSON: one row.
CREATE TABLE script_basis (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    basis TEXT NOT NULL
);
-- Editors' desk sessions ended by a logout, each kept until it would have expired anyway.
CREATE TABLE ended_desk_sessions (
    id TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL  -- unix seconds
);
