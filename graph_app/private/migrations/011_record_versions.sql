-- Every saved version of a record edited by staff: who, when, why, and the full record as N-Triples.
CREATE TABLE record_versions (
    record_iri TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    user_id INTEGER,
    user_name TEXT NOT NULL,
    summary TEXT NOT NULL,
    ntriples TEXT NOT NULL,  -- the record's own statements after this save (its answers too)
    journal_seq INTEGER,
    rolled_back_from INTEGER,  -- the version restored, when this version is a rollback
    PRIMARY KEY (record_iri, version)
);
