-- Governance for seven councils in one deployment (issue 18). Admins and moderators may be given one or more
-- councils: they then see and act on only those councils' feedback, comments, accounts and approvals (none:
-- regional staff, who see every council). users.council_iri stays as the first of them (a council admin's own
-- council, which statements and public history credit); the existing ones are carried over here.
CREATE TABLE user_councils (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    council_iri TEXT NOT NULL,
    PRIMARY KEY (user_id, council_iri)
);
INSERT INTO user_councils (user_id, council_iri) SELECT id, council_iri FROM users WHERE council_iri IS NOT NULL;
-- A council's own settings: "changes need approval" holds its provider editors' saves for a moderator
CREATE TABLE council_settings (
    council_iri TEXT PRIMARY KEY,
    approval_required INTEGER NOT NULL DEFAULT 0,
    changed_by INTEGER REFERENCES users(id),
    changed_at TEXT
);
-- A provider editor's save held for approval: the whole record as it would be published (N-Triples), the version
-- it was based on (approval checks it is still the latest), and what the moderator decided. Never in
-- record_versions: a version there with no journal entry is withdrawn as a crashed save.
CREATE TABLE pending_changes (
    id INTEGER PRIMARY KEY,
    record_iri TEXT NOT NULL,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    council_iri TEXT,
    is_new INTEGER NOT NULL DEFAULT 0,
    based_on INTEGER NOT NULL,
    ntriples TEXT NOT NULL,
    summary TEXT NOT NULL,
    organisation TEXT,
    checked_on TEXT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    user_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'returned', 'replaced')),
    reason TEXT,
    decided_by INTEGER REFERENCES users(id),
    decided_name TEXT,
    decided_at TEXT,
    published_version INTEGER
);
CREATE INDEX pending_changes_status ON pending_changes(status, council_iri, id);
CREATE INDEX pending_changes_user ON pending_changes(user_id, id);
