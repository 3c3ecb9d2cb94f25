-- Issue 18: a record's items kept from the public (a contact marked "not shown to the public"): their
-- statements, as N-Triples, one row per saved version of the record, so each version keeps the private
-- items it had. Never published: the public graph, its dumps, SPARQL and the ORUK API never hold them.
CREATE TABLE IF NOT EXISTS private_parts (
    record_iri TEXT NOT NULL,
    version INTEGER NOT NULL,
    ntriples TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (record_iri, version)
);
