-- Confidential feedback to a provider about itself or one of its services or settings. Never published.
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    about_iri TEXT NOT NULL,
    about_label TEXT NOT NULL,
    provider_iri TEXT,
    body TEXT NOT NULL,
    sender_name TEXT,
    sender_email TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX feedback_provider ON feedback(provider_iri, created_at);
