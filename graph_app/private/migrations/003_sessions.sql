-- Signed-in staff sessions: the cookie carries a random id, the database only its hash, so a copy of
-- the database cannot be used to sign in, and signing out or disabling an account ends the session.
CREATE TABLE staff_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at REAL NOT NULL,
    last_seen_at REAL NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions(user_id);
