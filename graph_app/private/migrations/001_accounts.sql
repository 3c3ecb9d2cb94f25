-- Staff accounts: council admins, moderators and provider editors (an editor is scoped to one provider).
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'editor')),
    provider_iri TEXT,
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    CHECK ((role = 'editor') = (provider_iri IS NOT NULL))
);
