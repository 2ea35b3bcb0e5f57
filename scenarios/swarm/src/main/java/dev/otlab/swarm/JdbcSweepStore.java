package dev.otlab.swarm;

import dev.otlab.core.OtlabException;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepProgress;
import dev.otlab.sweep.SweepStore;
import dev.otlab.sweep.SweepUnit;
import dev.otlab.sweep.UnitResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SweepStore} in PostgreSQL over plain JDBC: the engine files the plan, every Swarm task
 * reads it and files its unit's result, wherever in the swarm it runs. Two tables, created when
 * missing: {@code otlab_sweep} (one row per sweep, with its plan as JSON) and {@code
 * otlab_sweep_unit} (one row per unit: key, phase, slot, status, attempts, failures, worker, result
 * as JSON, last error, timestamps).
 *
 * <p>JSON is kept as {@code text}, not {@code jsonb}: jsonb reorders keys and normalises numbers,
 * and a result must read back exactly as it was written. One connection per store; the methods are
 * synchronized, since a JDBC connection is not for concurrent use.
 */
public final class JdbcSweepStore implements SweepStore {

  /** A hang guard for logging in, not a performance bound. */
  private static final int LOGIN_SECONDS = 10;

  /** Serialises the schema's creation among tasks starting at once (an arbitrary constant). */
  private static final long SCHEMA_LOCK = 0x6f746c6162L;

  /** Unit statuses, as the {@code status} column holds them. */
  public enum Status {
    /** Not started yet. */
    PENDING,
    /** A worker said it started it and has not ended it. */
    RUNNING,
    /** Its last attempt failed; a retry may follow. */
    FAILED,
    /** It has a result. */
    DONE
  }

  /**
   * One unit's row.
   *
   * @param key the unit's key
   * @param phase 1 or 2
   * @param slot its Swarm task slot (index in its phase + 1)
   * @param status where it is
   * @param attempts how often a worker started it (or filed a result or failure without saying it
   *     started)
   * @param failures failed attempts
   * @param worker the worker of the last attempt
   * @param error the last failure's message
   * @param taskStarted when the last attempt's process started (its JVM), if it said
   * @param started when the last attempt said it started
   * @param finished when the result was filed
   * @param playSeconds the wall time of playing the unit, if the worker said
   */
  public record UnitRow(
      String key,
      int phase,
      int slot,
      Status status,
      int attempts,
      int failures,
      @Nullable String worker,
      @Nullable String error,
      @Nullable Instant taskStarted,
      @Nullable Instant started,
      @Nullable Instant finished,
      @Nullable Double playSeconds) {}

  private final String url;
  private final String user;
  private final String password;
  private @Nullable Connection connection;

  /**
   * Logs in and creates the tables when missing.
   *
   * @param url a JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/otlab}
   * @throws OtlabException SWARM_DB_UNREACHABLE when the login fails
   */
  public JdbcSweepStore(String url, String user, String password) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID",
          "The sweep database URL " + url + " is not a PostgreSQL JDBC URL.",
          "Give --db jdbc:postgresql://HOST:5432/DATABASE.");
    }
    this.url = url;
    this.user = user;
    this.password = password;
    createSchema();
  }

  private Connection db() {
    try {
      if (connection != null && connection.isValid(LOGIN_SECONDS)) {
        return connection;
      }
      if (connection != null) {
        // A server restart or a dropped link: log in again rather than fail the sweep.
        closeQuietly(connection);
      }
      DriverManager.setLoginTimeout(LOGIN_SECONDS);
      connection = DriverManager.getConnection(url, user, password);
      return connection;
    } catch (SQLException e) {
      connection = null;
      throw new OtlabException(
          "SWARM_DB_UNREACHABLE",
          "Cannot log in to the sweep database " + url + " as " + user + ": " + e.getMessage(),
          "Start PostgreSQL, or give the address every swarm node reaches it at (--db), a role"
              + " that may log in (--db-user) and its password (--db-password-file or"
              + " OTLAB_DB_PASSWORD); the database must exist.",
          e);
    }
  }

  private synchronized void createSchema() {
    transaction(
        c -> {
          try (Statement st = c.createStatement()) {
            // Tasks open the store at the same moment; CREATE ... IF NOT EXISTS alone races on
            // PostgreSQL's catalogue, so the creators take turns.
            st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            st.execute(
                "CREATE TABLE IF NOT EXISTS otlab_sweep ("
                    + " id text PRIMARY KEY,"
                    + " plan text NOT NULL,"
                    + " created timestamptz NOT NULL DEFAULT now())");
            st.execute(
                "CREATE TABLE IF NOT EXISTS otlab_sweep_unit ("
                    + " sweep_id text NOT NULL REFERENCES otlab_sweep (id) ON DELETE CASCADE,"
                    + " unit_key text NOT NULL,"
                    + " ordinal integer NOT NULL,"
                    + " phase integer NOT NULL,"
                    + " slot integer NOT NULL,"
                    + " status text NOT NULL DEFAULT 'PENDING'"
                    + "  CHECK (status IN ('PENDING', 'RUNNING', 'FAILED', 'DONE')),"
                    + " attempts integer NOT NULL DEFAULT 0,"
                    + " failures integer NOT NULL DEFAULT 0,"
                    + " worker text,"
                    + " result text,"
                    + " error text,"
                    + " task_started timestamptz,"
                    + " started timestamptz,"
                    + " finished timestamptz,"
                    + " play_seconds double precision,"
                    + " updated timestamptz NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (sweep_id, unit_key),"
                    + " UNIQUE (sweep_id, phase, slot))");
          }
          return null;
        });
  }

  @Override
  public synchronized void create(String sweepId, SweepPlan plan) {
    String json = plan.toJson();
    transaction(
        c -> {
          try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO otlab_sweep (id, plan) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
            ins.setString(1, sweepId);
            ins.setString(2, json);
            if (ins.executeUpdate() == 0) {
              if (!json.equals(storedPlan(c, sweepId))) {
                throw new OtlabException(
                    "SWEEP_ID_TAKEN",
                    "The sweep database already holds sweep "
                        + sweepId
                        + " with another plan (the sweep file, the library or otlab changed"
                        + " since).",
                    "Give the sweep another id, or delete the old one: DELETE FROM otlab_sweep"
                        + " WHERE id = '"
                        + sweepId
                        + "' (its units go with it).");
              }
              return null;
            }
          }
          try (PreparedStatement unit =
              c.prepareStatement(
                  "INSERT INTO otlab_sweep_unit (sweep_id, unit_key, ordinal, phase, slot)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            int ordinal = 0;
            for (int phase = 1; phase <= 2; phase++) {
              int slot = 0;
              for (SweepUnit u : plan.phase(phase)) {
                unit.setString(1, sweepId);
                unit.setString(2, u.key());
                unit.setInt(3, ordinal++);
                unit.setInt(4, phase);
                unit.setInt(5, ++slot);
                unit.addBatch();
              }
            }
            unit.executeBatch();
          }
          return null;
        });
  }

  private static @Nullable String storedPlan(Connection c, String sweepId) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT plan FROM otlab_sweep WHERE id = ?")) {
      q.setString(1, sweepId);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  @Override
  public synchronized SweepPlan plan(String sweepId) {
    String json = transaction(c -> storedPlan(c, sweepId));
    if (json == null) {
      throw new OtlabException(
          "SWEEP_NOT_FOUND",
          "The sweep database " + url + " holds no sweep " + sweepId + ".",
          "Give the id otlab sweep --engine swarm printed, and the same --db it used.");
    }
    return SweepPlan.fromJson(json);
  }

  /**
   * Whether the sweep is in the database.
   *
   * @param sweepId the sweep
   */
  public synchronized boolean exists(String sweepId) {
    return transaction(c -> storedPlan(c, sweepId)) != null;
  }

  @Override
  public void started(String sweepId, String unitKey, String worker) {
    started(sweepId, unitKey, worker, null);
  }

  /**
   * Marks a unit as started by a worker and counts the attempt; a unit that already has a result is
   * left as it is.
   *
   * @param taskStarted when the worker's process started, to tell its start-up time apart
   * @return whether the unit has a result already (a task that ran to its end before being
   *     restarted need not play it again)
   */
  public synchronized boolean started(
      String sweepId, String unitKey, String worker, @Nullable Instant taskStarted) {
    return transaction(
        c -> {
          try (PreparedStatement u =
              c.prepareStatement(
                  "UPDATE otlab_sweep_unit SET status = 'RUNNING', attempts = attempts + 1,"
                      + " worker = ?, task_started = ?, started = now(), updated = now()"
                      + " WHERE sweep_id = ? AND unit_key = ? AND status <> 'DONE'")) {
            u.setString(1, worker);
            u.setTimestamp(2, taskStarted == null ? null : Timestamp.from(taskStarted));
            u.setString(3, sweepId);
            u.setString(4, unitKey);
            if (u.executeUpdate() == 1) {
              return false;
            }
          }
          requireUnit(c, sweepId, unitKey);
          return true;
        });
  }

  @Override
  public void put(String sweepId, String unitKey, UnitResult result, String worker) {
    put(sweepId, unitKey, result, worker, null);
  }

  /**
   * Files a unit's result; the last one wins, as {@link SweepStore#put} says (a unit's result does
   * not depend on the attempt, so any wins).
   *
   * @param playSeconds the wall time the play took, to tell it apart from a task's overhead
   */
  public synchronized void put(
      String sweepId,
      String unitKey,
      UnitResult result,
      String worker,
      @Nullable Double playSeconds) {
    String json = result.toJson();
    transaction(
        c -> {
          try (PreparedStatement u =
              c.prepareStatement(
                  "UPDATE otlab_sweep_unit SET status = 'DONE', result = ?, worker = ?,"
                      // An engine that files results without saying a unit started still counts
                      // the attempt that produced it.
                      + " attempts = GREATEST(attempts, failures + 1), finished = now(),"
                      + " play_seconds = ?, updated = now()"
                      + " WHERE sweep_id = ? AND unit_key = ?")) {
            u.setString(1, json);
            u.setString(2, worker);
            if (playSeconds == null) {
              u.setNull(3, java.sql.Types.DOUBLE);
            } else {
              u.setDouble(3, playSeconds);
            }
            u.setString(4, sweepId);
            u.setString(5, unitKey);
            if (u.executeUpdate() == 0) {
              requireUnit(c, sweepId, unitKey);
            }
          }
          return null;
        });
  }

  @Override
  public synchronized void failed(String sweepId, String unitKey, String worker, String error) {
    transaction(
        c -> {
          try (PreparedStatement u =
              c.prepareStatement(
                  "UPDATE otlab_sweep_unit SET status = CASE WHEN status = 'DONE' THEN status"
                      + " ELSE 'FAILED' END, failures = failures + 1,"
                      + " attempts = GREATEST(attempts, failures + 1), worker = ?, error = ?,"
                      + " updated = now() WHERE sweep_id = ? AND unit_key = ?")) {
            u.setString(1, worker);
            u.setString(2, error);
            u.setString(3, sweepId);
            u.setString(4, unitKey);
            if (u.executeUpdate() == 0) {
              requireUnit(c, sweepId, unitKey);
            }
          }
          return null;
        });
  }

  private void requireUnit(Connection c, String sweepId, String unitKey) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT 1 FROM otlab_sweep_unit WHERE sweep_id = ? AND unit_key = ?")) {
      q.setString(1, sweepId);
      q.setString(2, unitKey);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          throw new OtlabException(
              "SWARM_UNIT_UNKNOWN",
              "Sweep " + sweepId + " has no unit " + unitKey + " in " + url + ".",
              "File results only for the units of the sweep's stored plan (otlab sweep-task"
                  + " takes them from there).");
        }
      }
    }
  }

  @Override
  public synchronized Map<String, UnitResult> results(String sweepId) {
    Map<String, String> json =
        transaction(
            c -> {
              Map<String, String> out = new LinkedHashMap<>();
              try (PreparedStatement q =
                  c.prepareStatement(
                      "SELECT unit_key, result FROM otlab_sweep_unit WHERE sweep_id = ? AND"
                          + " status = 'DONE' ORDER BY ordinal")) {
                q.setString(1, sweepId);
                try (ResultSet r = q.executeQuery()) {
                  while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                  }
                }
              }
              return out;
            });
    Map<String, UnitResult> out = new LinkedHashMap<>();
    json.forEach((k, v) -> out.put(k, UnitResult.fromJson(v)));
    return out;
  }

  @Override
  public synchronized SweepProgress progress(String sweepId) {
    List<UnitRow> rows = units(sweepId);
    int done = 0;
    int failures = 0;
    Map<String, String> running = new LinkedHashMap<>();
    for (UnitRow r : rows) {
      done += r.status() == Status.DONE ? 1 : 0;
      failures += r.failures();
      if (r.status() == Status.RUNNING && r.worker() != null) {
        running.put(r.key(), r.worker());
      }
    }
    return new SweepProgress(rows.size(), done, failures, running);
  }

  /** Every unit's row, in plan order. */
  public synchronized List<UnitRow> units(String sweepId) {
    return transaction(
        c -> {
          List<UnitRow> out = new ArrayList<>();
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT unit_key, phase, slot, status, attempts, failures, worker, error,"
                      + " task_started, started, finished, play_seconds FROM otlab_sweep_unit"
                      + " WHERE sweep_id = ? ORDER BY ordinal")) {
            q.setString(1, sweepId);
            try (ResultSet r = q.executeQuery()) {
              while (r.next()) {
                double play = r.getDouble(12);
                out.add(
                    new UnitRow(
                        r.getString(1),
                        r.getInt(2),
                        r.getInt(3),
                        Status.valueOf(r.getString(4)),
                        r.getInt(5),
                        r.getInt(6),
                        r.getString(7),
                        r.getString(8),
                        instant(r.getTimestamp(9)),
                        instant(r.getTimestamp(10)),
                        instant(r.getTimestamp(11)),
                        r.wasNull() ? null : play));
              }
            }
          }
          return out;
        });
  }

  private static @Nullable Instant instant(@Nullable Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** Deletes a sweep and its units; nothing when there is none. */
  public synchronized void delete(String sweepId) {
    transaction(
        c -> {
          try (PreparedStatement d = c.prepareStatement("DELETE FROM otlab_sweep WHERE id = ?")) {
            d.setString(1, sweepId);
            d.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      closeQuietly(connection);
      connection = null;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Closing a connection whose server went away: there is nothing left to release.
    }
  }

  /** Work on one connection in one transaction. */
  private interface Work<T> {
    T on(Connection c) throws SQLException;
  }

  private <T> T transaction(Work<T> work) {
    Connection c = db();
    try {
      c.setAutoCommit(false);
      try {
        T out = work.on(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new OtlabException(
          "SWARM_DB_FAILED",
          "A statement on the sweep database " + url + " failed: " + e.getMessage(),
          "Check that the role may create tables and write in the database, and that the"
              + " server has room; then run the sweep again (it resumes from the results"
              + " stored).",
          e);
    }
  }
}
