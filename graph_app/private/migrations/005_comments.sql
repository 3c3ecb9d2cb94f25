-- Public comments waiting for moderation, and what the moderator decided. The email address (for a reply)
-- is never published; the display name only when the person chose one.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    page_path TEXT NOT NULL,
    subject_iri TEXT NOT NULL,
    body TEXT NOT NULL,
    display_name TEXT,
    email TEXT,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'rejected')),
    response TEXT,
    action_taken TEXT,
    council_iri TEXT,
    moderated_by INTEGER REFERENCES users(id),
    moderated_at TEXT,
    journal_seq INTEGER
);
CREATE INDEX comments_status ON comments(status, created_at);
