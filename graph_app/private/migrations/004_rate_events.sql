-- Events counted by the rate limits (failed sign-ins, comment posts), shared by every worker process.
-- `subject` is a keyed hash of the account or client address, never the address itself.
CREATE TABLE rate_events (
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX rate_events_lookup ON rate_events(bucket, subject, at);
