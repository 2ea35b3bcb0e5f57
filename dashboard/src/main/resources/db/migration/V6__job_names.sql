-- A run or evaluation may carry a name and a note that people give it (PATCH /api/runs/{id}),
-- so lists and scorecards show more than a hash id. Both stay empty until someone sets them.
ALTER TABLE jobs ADD COLUMN name VARCHAR(80);
ALTER TABLE jobs ADD COLUMN note VARCHAR(2000);
