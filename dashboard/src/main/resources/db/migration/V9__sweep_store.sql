-- One sweep store for the dashboard, otlab sweep --engine swarm and its Swarm tasks
-- (dev.otlab.sweep.JdbcSweepStore): the tables of scenarios/sweep's sweep-tables.sql, which
-- DbSweepTablesTest holds equal to these, and the sweeps of V8 moved into them. A unit's row holds
-- its status, attempts, failures, last worker and error, result and timings, by the unit's index in
-- the plan; a unit without a row is pending (the store adds the missing rows when the sweep is
-- played again).
CREATE TABLE sweeps (
  id VARCHAR(200) PRIMARY KEY,
  plan TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE sweep_units (
  sweep_id VARCHAR(200) NOT NULL,
  unit_index INT NOT NULL,
  status VARCHAR(8) NOT NULL,
  attempts INT NOT NULL,
  failures INT NOT NULL,
  worker VARCHAR(256),
  result TEXT,
  error TEXT,
  task_started_at BIGINT,
  started_at BIGINT,
  finished_at BIGINT,
  play_seconds DOUBLE PRECISION,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (sweep_id, unit_index)
);

INSERT INTO sweeps (id, plan, created_at)
SELECT sweep_id, plan, created_at FROM sweep_plans;

-- Units with a result: one attempt more than they failed (V8 counted failures only).
INSERT INTO sweep_units (sweep_id, unit_index, status, attempts, failures, worker, result,
                         finished_at, updated_at)
SELECT r.sweep_id, r.unit_index, 'DONE', COALESCE(f.n, 0) + 1, COALESCE(f.n, 0), r.worker,
       r.result, r.created_at, r.created_at
FROM sweep_results r
LEFT JOIN (SELECT sweep_id, unit_index, CAST(COUNT(*) AS INT) AS n
           FROM sweep_failures GROUP BY sweep_id, unit_index) f
  ON f.sweep_id = r.sweep_id AND f.unit_index = r.unit_index;

-- Units that failed without a result: their failures, and the last one's worker and error.
INSERT INTO sweep_units (sweep_id, unit_index, status, attempts, failures, worker, error,
                         updated_at)
SELECT f.sweep_id, f.unit_index, 'FAILED', c.n, c.n, f.worker, f.error, f.created_at
FROM sweep_failures f
JOIN (SELECT CAST(COUNT(*) AS INT) AS n, MAX(id) AS last_id
      FROM sweep_failures GROUP BY sweep_id, unit_index) c ON c.last_id = f.id
WHERE NOT EXISTS (SELECT 1 FROM sweep_results r
                  WHERE r.sweep_id = f.sweep_id AND r.unit_index = f.unit_index);

DROP TABLE sweep_failures;
DROP TABLE sweep_results;
DROP TABLE sweep_plans;
