-- Issue 18: a record's unpublished changes, one draft per person and record (a new record's key is
-- "new:<kind>"): each part's save and the page's autosave write the whole form's values here (JSON: field
-- name -> list of values); publishing removes it. A save sent after the person's session ended is kept here
-- too, under that person's account, and shown to them only after they sign in again.
CREATE TABLE drafts (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    record_key TEXT NOT NULL,
    based_on INTEGER NOT NULL DEFAULT 0,  -- the version the draft started from (a stale draft is refused on publish)
    fields TEXT NOT NULL,
    updated_at REAL NOT NULL,
    kept_after_session_end INTEGER NOT NULL DEFAULT 0,  -- 1: saved from a form sent after the session ended
    PRIMARY KEY (user_id, record_key)
);
