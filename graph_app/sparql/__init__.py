"""The public, read-only SPARQL 1.1 Protocol endpoint: request parsing, guards, a killable worker
pool, and result formats."""
