package dev.otlab.dashboard.store;

import dev.otlab.core.OtlabException;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepProgress;
import dev.otlab.sweep.SweepStore;
import dev.otlab.sweep.UnitResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@link SweepStore} over the dashboard's database (tables {@code sweep_plans}, {@code
 * sweep_results}, {@code sweep_failures}; plain SQL that H2 and PostgreSQL both accept). Results
 * are filed by the unit's index in the plan, so a sweep id is a job id and a long unit key never
 * meets a column's length.
 *
 * <p>Every statement runs on one writer thread of the store's own: the engine's workers are
 * interrupted when a sweep is cancelled, and H2 closes its file when a thread inside a JDBC call is
 * interrupted. A caller interrupted while it waits still has its write done.
 */
public final class DbSweepStore implements SweepStore {

  /** Opens a connection to the database. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  private final Connections connections;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "otlab-sweep-store");
            t.setDaemon(true);
            return t;
          });
  // Units playing now, by sweep: nobody needs them after a restart.
  private final Map<String, Map<String, String>> running = new ConcurrentHashMap<>();
  private final Map<String, SweepPlan> plans = new ConcurrentHashMap<>();

  public DbSweepStore(Connections connections) {
    this.connections = connections;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T on(Work<T> work) {
    Future<T> f =
        writer.submit(
            () -> {
              try (Connection c = connections.open()) {
                return work.run(c);
              }
            });
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          // The statement is under way on the writer thread; wait for it, then pass the
          // interrupt on.
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new OtlabException(
          "DATABASE_ERROR",
          "The sweep store could not use the database: " + e.getCause().getMessage(),
          "Check the database the dashboard is configured with, then retry the sweep.",
          e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      return st.executeUpdate();
    }
  }

  @Override
  public void create(String sweepId, SweepPlan plan) {
    String json = plan.toJson();
    String stored =
        on(
            c -> {
              try (PreparedStatement st =
                  c.prepareStatement("SELECT plan FROM sweep_plans WHERE sweep_id = ?")) {
                st.setString(1, sweepId);
                try (ResultSet rs = st.executeQuery()) {
                  if (rs.next()) {
                    return rs.getString(1);
                  }
                }
              }
              update(
                  c,
                  "INSERT INTO sweep_plans (sweep_id, plan, created_at) VALUES (?,?,?)",
                  sweepId,
                  json,
                  System.currentTimeMillis());
              return json;
            });
    if (!SweepPlan.fromJson(stored).equals(plan)) {
      throw new OtlabException(
          "SWEEP_ID_TAKEN",
          "Sweep '" + sweepId + "' is stored with another plan.",
          "Start the sweep as a new job; a retry plays the plan it was started with.");
    }
    plans.put(sweepId, plan);
  }

  @Override
  public SweepPlan plan(String sweepId) {
    SweepPlan p = plans.get(sweepId);
    if (p != null) {
      return p;
    }
    String json =
        on(
            c -> {
              try (PreparedStatement st =
                  c.prepareStatement("SELECT plan FROM sweep_plans WHERE sweep_id = ?")) {
                st.setString(1, sweepId);
                try (ResultSet rs = st.executeQuery()) {
                  return rs.next() ? rs.getString(1) : null;
                }
              }
            });
    if (json == null) {
      throw new OtlabException(
          "SWEEP_NOT_FOUND",
          "No sweep '" + sweepId + "' is stored here.",
          "Start the sweep first (POST /api/sweeps).");
    }
    SweepPlan read = SweepPlan.fromJson(json);
    plans.put(sweepId, read);
    return read;
  }

  private int index(String sweepId, String unitKey) {
    List<dev.otlab.sweep.SweepUnit> units = plan(sweepId).units();
    for (int i = 0; i < units.size(); i++) {
      if (units.get(i).key().equals(unitKey)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no unit " + unitKey + " in sweep " + sweepId);
  }

  @Override
  public void started(String sweepId, String unitKey, String worker) {
    running.computeIfAbsent(sweepId, k -> new ConcurrentHashMap<>()).put(unitKey, worker);
  }

  @Override
  public void put(String sweepId, String unitKey, UnitResult result, String worker) {
    int i = index(sweepId, unitKey);
    String json = result.toJson();
    on(
        c -> {
          // Delete then insert: the last result of a unit wins, in SQL both databases take.
          update(c, "DELETE FROM sweep_results WHERE sweep_id = ? AND unit_index = ?", sweepId, i);
          return update(
              c,
              "INSERT INTO sweep_results (sweep_id, unit_index, result, worker, created_at)"
                  + " VALUES (?,?,?,?,?)",
              sweepId,
              i,
              json,
              clip(worker),
              System.currentTimeMillis());
        });
    notRunning(sweepId, unitKey);
  }

  @Override
  public void failed(String sweepId, String unitKey, String worker, String error) {
    int i = index(sweepId, unitKey);
    on(
        c ->
            update(
                c,
                "INSERT INTO sweep_failures (sweep_id, unit_index, worker, error, created_at)"
                    + " VALUES (?,?,?,?,?)",
                sweepId,
                i,
                clip(worker),
                error,
                System.currentTimeMillis()));
    notRunning(sweepId, unitKey);
  }

  private void notRunning(String sweepId, String unitKey) {
    Map<String, String> r = running.get(sweepId);
    if (r != null) {
      r.remove(unitKey);
    }
  }

  private static String clip(String worker) {
    return worker.length() <= 128 ? worker : worker.substring(0, 128);
  }

  @Override
  public Map<String, UnitResult> results(String sweepId) {
    List<dev.otlab.sweep.SweepUnit> units = plan(sweepId).units();
    Map<Integer, String> rows =
        on(
            c -> {
              Map<Integer, String> out = new HashMap<>();
              try (PreparedStatement st =
                  c.prepareStatement(
                      "SELECT unit_index, result FROM sweep_results WHERE sweep_id = ?")) {
                st.setString(1, sweepId);
                try (ResultSet rs = st.executeQuery()) {
                  while (rs.next()) {
                    out.put(rs.getInt(1), rs.getString(2));
                  }
                }
              }
              return out;
            });
    Map<String, UnitResult> out = new LinkedHashMap<>();
    for (int i = 0; i < units.size(); i++) {
      String json = rows.get(i);
      if (json != null) {
        out.put(units.get(i).key(), UnitResult.fromJson(json));
      }
    }
    return out;
  }

  /** The workers that filed each unit's result, by unit key (for a retry: who played what). */
  public Map<String, String> workers(String sweepId) {
    List<dev.otlab.sweep.SweepUnit> units = plan(sweepId).units();
    Map<Integer, String> rows =
        on(
            c -> {
              Map<Integer, String> out = new HashMap<>();
              try (PreparedStatement st =
                  c.prepareStatement(
                      "SELECT unit_index, worker FROM sweep_results WHERE sweep_id = ?")) {
                st.setString(1, sweepId);
                try (ResultSet rs = st.executeQuery()) {
                  while (rs.next()) {
                    out.put(rs.getInt(1), rs.getString(2));
                  }
                }
              }
              return out;
            });
    Map<String, String> out = new LinkedHashMap<>();
    rows.forEach((i, w) -> out.put(units.get(i).key(), w));
    return out;
  }

  /**
   * The units that failed an attempt and have no result, by key, in plan order: what a retry will
   * play (the errors themselves go to the service log, as a failed job's cause does).
   */
  public List<String> failedUnits(String sweepId) {
    List<dev.otlab.sweep.SweepUnit> units = plan(sweepId).units();
    List<Integer> rows =
        on(
            c -> {
              List<Integer> out = new java.util.ArrayList<>();
              try (PreparedStatement st =
                  c.prepareStatement(
                      "SELECT DISTINCT f.unit_index FROM sweep_failures f WHERE f.sweep_id = ?"
                          + " AND NOT EXISTS (SELECT 1 FROM sweep_results r WHERE r.sweep_id ="
                          + " f.sweep_id AND r.unit_index = f.unit_index) ORDER BY f.unit_index")) {
                st.setString(1, sweepId);
                try (ResultSet rs = st.executeQuery()) {
                  while (rs.next()) {
                    out.add(rs.getInt(1));
                  }
                }
              }
              return out;
            });
    return rows.stream().map(i -> units.get(i).key()).toList();
  }

  @Override
  public SweepProgress progress(String sweepId) {
    int units = plan(sweepId).units().size();
    int[] counts =
        on(
            c -> {
              int[] out = new int[2];
              out[0] = count(c, "SELECT COUNT(*) FROM sweep_results WHERE sweep_id = ?", sweepId);
              out[1] = count(c, "SELECT COUNT(*) FROM sweep_failures WHERE sweep_id = ?", sweepId);
              return out;
            });
    return new SweepProgress(units, counts[0], counts[1], running.getOrDefault(sweepId, Map.of()));
  }

  private static int count(Connection c, String sql, String sweepId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, sweepId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Stops the writer thread (the dashboard's store lives as long as the service). */
  @Override
  public void close() {
    writer.shutdown();
  }
}
