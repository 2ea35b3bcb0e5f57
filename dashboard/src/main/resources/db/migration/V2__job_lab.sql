-- Where a job played: 'embedded' (the service's own lab) or 'containers' (the container lab the
-- service is the process node of). Jobs from before this column all played embedded.
ALTER TABLE jobs ADD COLUMN lab VARCHAR(16) DEFAULT 'embedded' NOT NULL;
