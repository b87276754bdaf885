-- Politeness towards a voice's web service shared by every worker (a11y/engines/politeness.py): its
-- throttle's request slots and its circuit breaker, one row per voice. Times are unix seconds from
-- the workers' clocks, not the database's.
CREATE TABLE voice_politeness (
    voice TEXT PRIMARY KEY,
    last_slot DOUBLE PRECISION NOT NULL DEFAULT 0,  -- the latest request start given out
    failures INTEGER NOT NULL DEFAULT 0,            -- in a row, whichever workers had them
    opened_at DOUBLE PRECISION,                     -- the breaker opened; NULL while closed
    trial_at DOUBLE PRECISION                       -- a half-open trial was claimed; NULL if none
);
