-- Every email the app sends (issue 18): written here first, in the same transaction as what caused it, then sent
-- by SMTP; a failure is kept with its error and retried later, so no email is lost and none blocks a request.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                      -- invitation | feedback | review-due | digest | reply
    to_address TEXT NOT NULL,
    to_user_id INTEGER REFERENCES users(id), -- a staff recipient; NULL for a member of the public
    sent_by INTEGER REFERENCES users(id),    -- the staff member whose action sent it (a reply, an invitation)
    council_iri TEXT,                        -- the council it concerns, where known (admins' scope)
    provider_iri TEXT,
    about_iri TEXT,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,                      -- a sender (thread or process) holds it until then
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_to_user ON outbox(to_user_id, id);
CREATE INDEX outbox_sent_by ON outbox(sent_by, id);
-- Feedback's workflow: new -> acknowledged -> resolved, with who and when
ALTER TABLE feedback ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
ALTER TABLE feedback ADD COLUMN acknowledged_by INTEGER REFERENCES users(id);
ALTER TABLE feedback ADD COLUMN acknowledged_at TEXT;
ALTER TABLE feedback ADD COLUMN resolved_by INTEGER REFERENCES users(id);
ALTER TABLE feedback ADD COLUMN resolved_at TEXT;
CREATE TABLE feedback_replies (
    id INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
    created_at TEXT NOT NULL
);
CREATE INDEX feedback_replies_feedback ON feedback_replies(feedback_id, id);
-- "Review due" is sent once per record per due date (the record's last check plus 11 months)
CREATE TABLE review_notices (
    record_iri TEXT NOT NULL,
    due_on TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (record_iri, due_on)
);
-- the weekly digest, once per user per ISO week
CREATE TABLE digests_sent (
    user_id INTEGER NOT NULL REFERENCES users(id),
    week TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (user_id, week)
);
