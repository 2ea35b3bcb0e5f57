-- Large artifacts (a 10-minute run's trace is about 5.5 MB of JSON lines) are stored gzip-compressed
-- and base64-encoded in the same TEXT column; `encoding` says how to read a row back. Rows from
-- before this migration are 'plain' and read as they are. TEXT and VARCHAR keep the SQL the same on
-- H2 and PostgreSQL (no BLOB/BYTEA dialects).
ALTER TABLE artifacts ADD COLUMN encoding VARCHAR(16) DEFAULT 'plain' NOT NULL;
-- Retention deletes jobs by the time they ended.
CREATE INDEX jobs_finished ON jobs (finished_at);
