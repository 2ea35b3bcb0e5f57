-- How many seeds an evaluation plays each scenario with (seed, seed + 1, ...). Jobs from before
-- this column played one.
ALTER TABLE jobs ADD COLUMN seeds INT DEFAULT 1 NOT NULL;
