package dev.otlab.sweep;

import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The one SQL {@link SweepStore}: the dashboard files its sweeps here over its own database (H2 or
 * PostgreSQL), and so do {@code otlab sweep --engine swarm} and every Swarm task ({@code otlab
 * sweep-task}) over PostgreSQL, so a dashboard that plays a sweep on Swarm follows the rows its
 * tasks write. Plain SQL both databases accept: no database's own functions, times as epoch
 * milliseconds from the writer's clock.
 *
 * <p>Two tables ({@link #TABLES}): {@code sweeps} (the plan as JSON, by sweep id) and {@code
 * sweep_units} (one row per unit, by the unit's index in the plan: status, attempts, failures, the
 * last attempt's worker and error, the result as JSON, timings). The index is the key because a
 * unit's key can be longer than any column an index takes; key, phase and Swarm slot come from the
 * plan. JSON is kept as text: a result must read back exactly as it was written.
 *
 * <p>Writers on several machines at once each change only rows by their primary key, one statement
 * per change, which both databases make atomic per row; filing a plan twice at once ends in one
 * plan (the second insert meets the primary key and compares). The dashboard's migrations create
 * the tables in its database; elsewhere {@link #createTables} does.
 *
 * <p>Every statement runs on one thread of the store's own: an engine's workers are interrupted
 * when a sweep is cancelled, and H2 closes its file when a thread inside a JDBC call is
 * interrupted. A caller interrupted while it waits still has its write done, and keeps its
 * interrupt.
 */
public final class JdbcSweepStore implements SweepStore {

  /** The DDL of the tables, as {@link #createTables} runs it (and the dashboard's migration). */
  public static final String TABLES = "dev/otlab/sweep/sweep-tables.sql";

  /** SQLState of a unique or primary key violation, in H2 and PostgreSQL alike (SQL:2003). */
  private static final String UNIQUE_VIOLATION = "23505";

  /** A hang guard for logging in, not a performance bound. */
  private static final int LOGIN_SECONDS = 10;

  /** Longest worker name kept (its column's length). */
  private static final int WORKER_CHARS = 256;

  /** Opens a connection to the database. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

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
   * One unit as the store has it.
   *
   * @param key the unit's key
   * @param index its index in the plan
   * @param phase 1 or 2
   * @param slot its place in its phase, from 1 (a Swarm task's slot + 1)
   * @param status where it is
   * @param attempts how often a worker started it (or filed a result or failure without saying it
   *     started)
   * @param failures failed attempts
   * @param worker the worker of the last attempt (of the result, once it has one)
   * @param error the last failure's message
   * @param taskStarted when the last attempt's process started (its JVM), if it said
   * @param started when the last attempt said it started
   * @param finished when the result was filed
   * @param playSeconds the wall time of playing the unit, if the worker said
   */
  public record UnitRow(
      String key,
      int index,
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
      @Nullable Double playSeconds) {

    public boolean done() {
      return status == Status.DONE;
    }
  }

  /** What the store and its tagged views share: the database, the writer thread, the plans. */
  private static final class Backend {
    final Connections connections;
    final boolean keep;
    final String where;
    final ExecutorService writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "otlab-sweep-store");
              t.setDaemon(true);
              return t;
            });
    // A plan never changes under its id, so every read after the first is from here.
    final Map<String, Indexed> plans = new ConcurrentHashMap<>();
    // Only touched on the writer thread.
    @Nullable Connection connection;

    Backend(Connections connections, boolean keep, String where) {
      this.connections = connections;
      this.keep = keep;
      this.where = where;
    }
  }

  /** A plan with its units' indexes by key. */
  private record Indexed(SweepPlan plan, Map<String, Integer> index, int[] slots) {
    static Indexed of(SweepPlan plan) {
      Map<String, Integer> index = new HashMap<>();
      int[] slots = new int[plan.units().size()];
      int[] perPhase = new int[3];
      for (int i = 0; i < plan.units().size(); i++) {
        SweepUnit u = plan.units().get(i);
        index.put(u.key(), i);
        slots[i] = ++perPhase[u.phase()];
      }
      return new Indexed(plan, index, slots);
    }
  }

  private final Backend backend;
  private final @Nullable String tag;

  private JdbcSweepStore(Backend backend, @Nullable String tag) {
    this.backend = backend;
    this.tag = tag;
  }

  /**
   * A store over a pool: a connection is opened for each change and closed after it (the
   * dashboard's datasource).
   *
   * @param where the database as messages name it, e.g. "the dashboard's database"
   */
  public static JdbcSweepStore pooled(Connections connections, String where) {
    return new JdbcSweepStore(new Backend(connections, false, where), null);
  }

  /**
   * A store on one connection of its own, logged in again when it breaks (a server restart, a
   * dropped link): a command or a Swarm task, which has no pool.
   *
   * @param url a JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/otlab}
   * @throws OtlabException SWEEP_DB_UNREACHABLE when the login fails
   */
  public static JdbcSweepStore direct(String url, String user, String password) {
    Connections login =
        () -> {
          DriverManager.setLoginTimeout(LOGIN_SECONDS);
          return DriverManager.getConnection(url, user, password);
        };
    JdbcSweepStore s = new JdbcSweepStore(new Backend(login, true, url + " as " + user), null);
    // Log in now, so a wrong address or password is told before anything else happens.
    s.on(c -> null);
    return s;
  }

  /**
   * The same store, with every worker it files named {@code TAG/worker}, so a sweep and its retries
   * tell which of them played a unit; closing the view leaves the store open.
   */
  public JdbcSweepStore tagged(String tag) {
    return new JdbcSweepStore(backend, tag);
  }

  /** The tag of a {@link #tagged} view, else null. */
  public @Nullable String tag() {
    return tag;
  }

  private String worker(String worker) {
    String w = tag == null ? worker : tag + "/" + worker;
    return w.length() <= WORKER_CHARS ? w : w.substring(0, WORKER_CHARS);
  }

  /** The DDL of {@link #TABLES}, one statement per element. */
  public static List<String> tableStatements() {
    try (InputStream in = JdbcSweepStore.class.getClassLoader().getResourceAsStream(TABLES)) {
      if (in == null) {
        throw new IllegalStateException(TABLES + " is part of this module");
      }
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      for (String s : sql.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates the tables when they are missing (a database of the command line's own; the dashboard's
   * migrations make them in its database). Several processes may do it at once.
   */
  public void createTables() {
    on(
        c -> {
          if (tablesExist(c)) {
            return null;
          }
          try {
            inTransaction(
                c,
                () -> {
                  try (Statement st = c.createStatement()) {
                    for (String ddl : tableStatements()) {
                      st.execute(ddl);
                    }
                  }
                  return null;
                });
          } catch (SQLException e) {
            // Another process created them in the meantime (PostgreSQL's CREATE TABLE IF NOT
            // EXISTS races on its catalogue): then there is nothing left to do.
            if (!tablesExist(c)) {
              throw e;
            }
          }
          return null;
        });
  }

  private static boolean tablesExist(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.executeQuery("SELECT 1 FROM sweeps WHERE 1 = 0").close();
      st.executeQuery("SELECT 1 FROM sweep_units WHERE 1 = 0").close();
      c.commit();
      return true;
    } catch (SQLException e) {
      c.rollback();
      return false;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  @Override
  public void create(String sweepId, SweepPlan plan) {
    String json = plan.toJson();
    String stored =
        on(
            c -> {
              String before = storedPlan(c, sweepId);
              if (before == null) {
                try {
                  inTransaction(
                      c,
                      () -> {
                        long now = System.currentTimeMillis();
                        update(
                            c,
                            "INSERT INTO sweeps (id, plan, created_at) VALUES (?, ?, ?)",
                            sweepId,
                            json,
                            now);
                        insertUnits(c, sweepId, 0, plan.units().size(), now);
                        return null;
                      });
                  return json;
                } catch (SQLException e) {
                  if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                  }
                  // Filed by another process in the meantime: compare with its plan.
                  before = storedPlan(c, sweepId);
                  if (before == null) {
                    throw e;
                  }
                }
              }
              // The same plan, though perhaps written by another version of otlab.
              if (before.equals(json) || SweepPlan.fromJson(before).equals(plan)) {
                resume(c, sweepId, plan.units().size());
                return json;
              }
              return before;
            });
    if (!stored.equals(json)) {
      throw new OtlabException(
          "SWEEP_ID_TAKEN",
          "Sweep '"
              + sweepId
              + "' is stored in "
              + backend.where
              + " with another plan (the sweep file, the library or otlab changed since).",
          "Give the sweep another id (the dashboard: start it as a new job; a retry plays the plan"
              + " it was started with), or delete the old one: DELETE FROM sweeps WHERE id = '"
              + sweepId
              + "' and DELETE FROM sweep_units WHERE sweep_id = '"
              + sweepId
              + "'.");
    }
    backend.plans.putIfAbsent(sweepId, Indexed.of(plan));
  }

  /**
   * A stored sweep played again: rows a store of an older schema did not make are added, and units
   * left running by a play that is over (a stopped service, a removed Swarm job) are pending.
   */
  private static void resume(Connection c, String sweepId, int units) throws SQLException {
    Map<Integer, Boolean> have = new HashMap<>();
    try (PreparedStatement q =
        c.prepareStatement("SELECT unit_index FROM sweep_units WHERE sweep_id = ?")) {
      q.setString(1, sweepId);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          have.put(r.getInt(1), true);
        }
      }
    }
    long now = System.currentTimeMillis();
    for (int i = 0; i < units; i++) {
      if (!have.containsKey(i)) {
        try {
          insertUnits(c, sweepId, i, i + 1, now);
        } catch (SQLException e) {
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
          }
          // Added by another process at the same time.
        }
      }
    }
    update(
        c,
        "UPDATE sweep_units SET status = 'PENDING', updated_at = ? WHERE sweep_id = ? AND status"
            + " = 'RUNNING'",
        now,
        sweepId);
  }

  private static void insertUnits(Connection c, String sweepId, int from, int to, long now)
      throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO sweep_units (sweep_id, unit_index, status, attempts, failures,"
                + " updated_at) VALUES (?, ?, 'PENDING', 0, 0, ?)")) {
      for (int i = from; i < to; i++) {
        ins.setString(1, sweepId);
        ins.setInt(2, i);
        ins.setLong(3, now);
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  private static @Nullable String storedPlan(Connection c, String sweepId) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT plan FROM sweeps WHERE id = ?")) {
      q.setString(1, sweepId);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  @Override
  public SweepPlan plan(String sweepId) {
    return indexed(sweepId).plan();
  }

  private Indexed indexed(String sweepId) {
    Indexed known = backend.plans.get(sweepId);
    if (known != null) {
      return known;
    }
    String json = on(c -> storedPlan(c, sweepId));
    if (json == null) {
      throw new OtlabException(
          "SWEEP_NOT_FOUND",
          "No sweep '" + sweepId + "' is stored in " + backend.where + ".",
          "Start the sweep first (otlab sweep, or POST /api/sweeps), and give the store it"
              + " played into (the same --db).");
    }
    return backend.plans.computeIfAbsent(sweepId, k -> Indexed.of(SweepPlan.fromJson(json)));
  }

  /** Whether the store holds the sweep. */
  public boolean exists(String sweepId) {
    return backend.plans.containsKey(sweepId) || on(c -> storedPlan(c, sweepId)) != null;
  }

  private int index(String sweepId, String unitKey) {
    Integer i = indexed(sweepId).index().get(unitKey);
    if (i == null) {
      throw new OtlabException(
          "SWEEP_UNIT_UNKNOWN",
          "Sweep '" + sweepId + "' has no unit " + unitKey + ".",
          "File results only for the units of the sweep's stored plan (otlab sweep-task takes"
              + " them from there).");
    }
    return i;
  }

  @Override
  public void started(String sweepId, String unitKey, String worker) {
    started(sweepId, unitKey, worker, null);
  }

  /**
   * Marks a unit as started by a worker and counts the attempt; a unit that has a result already is
   * left as it is.
   *
   * @param taskStarted when the worker's process started, to tell its start-up time apart
   * @return whether the unit has a result already (a task that ran to its end before being
   *     restarted need not play it again)
   */
  public boolean started(
      String sweepId, String unitKey, String worker, @Nullable Instant taskStarted) {
    int i = index(sweepId, unitKey);
    String w = worker(worker);
    return on(
        c ->
            update(
                    c,
                    "UPDATE sweep_units SET status = 'RUNNING', attempts = attempts + 1,"
                        + " worker = ?, task_started_at = ?, started_at = ?, updated_at = ?"
                        + " WHERE sweep_id = ? AND unit_index = ? AND status <> 'DONE'",
                    w,
                    orNull(taskStarted == null ? null : taskStarted.toEpochMilli(), Types.BIGINT),
                    System.currentTimeMillis(),
                    System.currentTimeMillis(),
                    sweepId,
                    i)
                == 0);
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
  public void put(
      String sweepId,
      String unitKey,
      UnitResult result,
      String worker,
      @Nullable Double playSeconds) {
    int i = index(sweepId, unitKey);
    String json = result.toJson();
    String w = worker(worker);
    on(
        c -> {
          long now = System.currentTimeMillis();
          // An engine that files results without saying a unit started still counts the attempt
          // that produced it.
          return update(
              c,
              "UPDATE sweep_units SET status = 'DONE', result = ?, worker = ?, attempts = CASE"
                  + " WHEN attempts > failures THEN attempts ELSE failures + 1 END,"
                  + " finished_at = ?, play_seconds = ?, updated_at = ?"
                  + " WHERE sweep_id = ? AND unit_index = ?",
              json,
              w,
              now,
              orNull(playSeconds, Types.DOUBLE),
              now,
              sweepId,
              i);
        });
  }

  @Override
  public void failed(String sweepId, String unitKey, String worker, String error) {
    int i = index(sweepId, unitKey);
    String w = worker(worker);
    on(
        c ->
            // A failure filed after the result (a task killed while it exits) is counted, and
            // leaves the result and who played it.
            update(
                c,
                "UPDATE sweep_units SET status = CASE WHEN status = 'DONE' THEN 'DONE' ELSE"
                    + " 'FAILED' END, worker = CASE WHEN status = 'DONE' THEN worker ELSE ? END,"
                    + " failures = failures + 1, attempts = CASE WHEN attempts > failures THEN"
                    + " attempts ELSE failures + 1 END, error = ?, updated_at = ?"
                    + " WHERE sweep_id = ? AND unit_index = ?",
                w,
                error,
                System.currentTimeMillis(),
                sweepId,
                i));
  }

  /**
   * Files a failed attempt that ended after the next attempt said it started (a killed Swarm task
   * the engine notices once Swarm has started another): counted, with its error, while status and
   * worker stay the running attempt's.
   */
  public void failedEarlier(String sweepId, String unitKey, String error) {
    int i = index(sweepId, unitKey);
    on(
        c ->
            update(
                c,
                "UPDATE sweep_units SET failures = failures + 1, attempts = CASE WHEN attempts >"
                    + " failures THEN attempts ELSE failures + 1 END, error = ?, updated_at = ?"
                    + " WHERE sweep_id = ? AND unit_index = ?",
                error,
                System.currentTimeMillis(),
                sweepId,
                i));
  }

  @Override
  public Map<String, UnitResult> results(String sweepId) {
    List<SweepUnit> units = plan(sweepId).units();
    Map<Integer, String> json =
        on(
            c -> {
              Map<Integer, String> out = new LinkedHashMap<>();
              try (PreparedStatement q =
                  c.prepareStatement(
                      "SELECT unit_index, result FROM sweep_units WHERE sweep_id = ? AND status ="
                          + " 'DONE' ORDER BY unit_index")) {
                q.setString(1, sweepId);
                try (ResultSet r = q.executeQuery()) {
                  while (r.next()) {
                    out.put(r.getInt(1), r.getString(2));
                  }
                }
              }
              return out;
            });
    Map<String, UnitResult> out = new LinkedHashMap<>();
    json.forEach((i, v) -> out.put(units.get(i).key(), UnitResult.fromJson(v)));
    return out;
  }

  @Override
  public SweepProgress progress(String sweepId) {
    return progress(units(sweepId));
  }

  /** The progress that rows read with {@link #units} show. */
  public static SweepProgress progress(List<UnitRow> rows) {
    int done = 0;
    int failures = 0;
    Map<String, String> running = new LinkedHashMap<>();
    for (UnitRow r : rows) {
      done += r.done() ? 1 : 0;
      failures += r.failures();
      if (r.status() == Status.RUNNING && r.worker() != null) {
        running.put(r.key(), r.worker());
      }
    }
    return new SweepProgress(rows.size(), done, failures, running);
  }

  /**
   * The units that failed an attempt and have no result, by key, in plan order: what a retry plays.
   */
  public static List<String> failedUnits(List<UnitRow> rows) {
    return rows.stream().filter(r -> !r.done() && r.failures() > 0).map(UnitRow::key).toList();
  }

  /** Every unit's row (without its result), in plan order; one read. */
  public List<UnitRow> units(String sweepId) {
    Indexed p = indexed(sweepId);
    List<SweepUnit> units = p.plan().units();
    UnitRow[] rows = new UnitRow[units.size()];
    on(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT unit_index, status, attempts, failures, worker, error,"
                      + " task_started_at, started_at, finished_at, play_seconds"
                      + " FROM sweep_units WHERE sweep_id = ?")) {
            q.setString(1, sweepId);
            try (ResultSet r = q.executeQuery()) {
              while (r.next()) {
                int i = r.getInt(1);
                if (i < 0 || i >= rows.length) {
                  continue;
                }
                double play = r.getDouble(10);
                Double playSeconds = r.wasNull() ? null : play;
                SweepUnit u = units.get(i);
                rows[i] =
                    new UnitRow(
                        u.key(),
                        i,
                        u.phase(),
                        p.slots()[i],
                        Status.valueOf(r.getString(2)),
                        r.getInt(3),
                        r.getInt(4),
                        r.getString(5),
                        r.getString(6),
                        instant(r, 7),
                        instant(r, 8),
                        instant(r, 9),
                        playSeconds);
              }
            }
          }
          return null;
        });
    List<UnitRow> out = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      SweepUnit u = units.get(i);
      // A row the store lacks (a sweep filed by an older schema, not played since) is pending.
      out.add(
          rows[i] != null
              ? rows[i]
              : new UnitRow(
                  u.key(),
                  i,
                  u.phase(),
                  p.slots()[i],
                  Status.PENDING,
                  0,
                  0,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null));
    }
    return out;
  }

  private static @Nullable Instant instant(ResultSet r, int column) throws SQLException {
    long ms = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(ms);
  }

  /** Deletes a sweep and its units; nothing when there is none. */
  public void delete(String sweepId) {
    on(
        c ->
            inTransaction(
                c,
                () -> {
                  update(c, "DELETE FROM sweep_units WHERE sweep_id = ?", sweepId);
                  update(c, "DELETE FROM sweeps WHERE id = ?", sweepId);
                  return null;
                }));
    backend.plans.remove(sweepId);
  }

  /** Closes the connection it keeps and stops its thread; a {@link #tagged} view does nothing. */
  @Override
  public void close() {
    if (tag != null) {
      return;
    }
    try {
      backend
          .writer
          .submit(
              () -> {
                if (backend.connection != null) {
                  closeQuietly(backend.connection);
                  backend.connection = null;
                }
              })
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // Closing a connection whose server went away: there is nothing left to release.
    } finally {
      backend.writer.shutdown();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // A connection whose server went away has nothing left to release.
    }
  }

  /** A null of a type: PostgreSQL does not guess an untyped null's type. */
  private record Null(int sqlType) {}

  private static Object orNull(@Nullable Object value, int sqlType) {
    return value == null ? new Null(sqlType) : value;
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a instanceof Null n) {
          st.setNull(i + 1, n.sqlType());
        } else {
          st.setObject(i + 1, a);
        }
      }
      return st.executeUpdate();
    }
  }

  /** One step in one transaction on a connection. */
  @FunctionalInterface
  private interface Step<T> {
    T run() throws SQLException;
  }

  private static <T> T inTransaction(Connection c, Step<T> step) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T out = step.run();
      c.commit();
      return out;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** Work on one connection, in auto-commit mode unless it opens a transaction itself. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T on(Work<T> work) {
    Future<T> f = backend.writer.submit(() -> onWriter(work));
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          // The statement is under way on the writer thread; wait for it, then pass the interrupt
          // on.
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new OtlabException(
          "SWEEP_DB_FAILED",
          "A statement of the sweep store on " + backend.where + " failed: " + e.getCause(),
          "Check that the database is up, has room and that the role may write the tables"
              + " sweeps and sweep_units; then play the sweep again (it resumes from the results"
              + " stored).",
          e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> T onWriter(Work<T> work) throws SQLException {
    if (!backend.keep) {
      try (Connection c = open()) {
        c.setAutoCommit(true);
        return work.run(c);
      }
    }
    Connection c = backend.connection;
    if (c == null || !c.isValid(LOGIN_SECONDS)) {
      if (c != null) {
        // A server restart or a dropped link: log in again rather than fail the sweep.
        closeQuietly(c);
      }
      backend.connection = null;
      c = open();
      backend.connection = c;
    }
    c.setAutoCommit(true);
    return work.run(c);
  }

  private Connection open() {
    try {
      return backend.connections.open();
    } catch (SQLException e) {
      throw new OtlabException(
          "SWEEP_DB_UNREACHABLE",
          "Cannot log in to the sweep database " + backend.where + ": " + e.getMessage(),
          "Start the database, or give the address every machine that plays units reaches it at"
              + " (--db), a role that may log in (--db-user) and its password (--db-password-file"
              + " or OTLAB_DB_PASSWORD); the database must exist.",
          e);
    }
  }
}
