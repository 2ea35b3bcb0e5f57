package dev.otlab.dashboard.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The audit log: every request that changed something, who made it, and how it ended. */
@ApplicationScoped
public class Audit {

  /** One entry; {@code id} grows with every entry, so it pages the log ("older than this one"). */
  public record Entry(
      long id, long time, String user, String action, String target, String result) {}

  /**
   * Which entries to list, newest first. Null parts do not filter. {@code user} matches the whole
   * name, {@code action} the whole action or its first word ({@code DELETE} also finds {@code
   * DELETE run}), {@code text} any part of the action, target or result; all without regard to
   * case. {@code from} and {@code to} are epoch milliseconds, both inclusive; {@code before} keeps
   * entries with a smaller id (the next page).
   */
  public record Query(
      @Nullable String user,
      @Nullable String action,
      @Nullable Long from,
      @Nullable Long to,
      @Nullable String text,
      @Nullable Long before,
      int limit) {
    public Query {
      if (limit < 1) {
        throw new IllegalArgumentException("limit " + limit + " < 1");
      }
    }
  }

  @Inject Db db;

  public void record(String user, String action, String target, String result) {
    db.update(
        "INSERT INTO audit_log (at, username, action, target, result) VALUES (?,?,?,?,?)",
        System.currentTimeMillis(),
        cut(user, 64),
        cut(action, 128),
        cut(target, 512),
        cut(result, 512));
  }

  /** The entries the query selects, newest first, at most {@code limit}. */
  public List<Entry> find(Query q) {
    StringBuilder where = new StringBuilder();
    List<Object> args = new ArrayList<>();
    if (q.user() != null) {
      where.append(" AND LOWER(username) = ?");
      args.add(q.user().toLowerCase(Locale.ROOT));
    }
    if (q.action() != null) {
      String a = q.action().toLowerCase(Locale.ROOT);
      where.append(" AND (LOWER(action) = ? OR LOWER(action) LIKE ? ESCAPE '!')");
      args.add(a);
      args.add(like(a) + " %");
    }
    if (q.from() != null) {
      where.append(" AND at >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      where.append(" AND at <= ?");
      args.add(q.to());
    }
    if (q.text() != null) {
      String t = "%" + like(q.text().toLowerCase(Locale.ROOT)) + "%";
      where.append(
          " AND (LOWER(action) LIKE ? ESCAPE '!' OR LOWER(target) LIKE ? ESCAPE '!'"
              + " OR LOWER(result) LIKE ? ESCAPE '!')");
      args.add(t);
      args.add(t);
      args.add(t);
    }
    if (q.before() != null) {
      where.append(" AND id < ?");
      args.add(q.before());
    }
    // The limit is a validated int, so it can be part of the statement text on both databases.
    String sql =
        "SELECT id, at, username, action, target, result FROM audit_log"
            + (where.length() == 0 ? "" : " WHERE " + where.substring(5))
            + " ORDER BY id DESC LIMIT "
            + q.limit();
    return db.query(
        sql,
        rs ->
            new Entry(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)),
        args.toArray());
  }

  /** Text for a LIKE pattern with its wildcards taken literally ('!' escapes). */
  private static String like(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
