-- The sweep store's tables (dev.otlab.sweep.JdbcSweepStore), in plain SQL that H2 and PostgreSQL
-- both accept. The dashboard's migration V9__sweep_store.sql makes the same tables in its database
-- (DbSweepTablesTest holds the two equal); JdbcSweepStore.createTables runs this elsewhere.
-- Times are epoch milliseconds; JSON is text, read back exactly as written.
CREATE TABLE IF NOT EXISTS sweeps (
  id VARCHAR(200) PRIMARY KEY,
  plan TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS sweep_units (
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
