package dev.otlab.dashboard.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The audit log: every request that changed something, who made it, and how it ended. */
@ApplicationScoped
public class Audit {

  /** One entry. */
  public record Entry(long time, String user, String action, String target, String result) {}

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

  public List<Entry> latest(int limit) {
    return db.query(
        "SELECT at, username, action, target, result FROM audit_log ORDER BY id DESC LIMIT "
            + limit,
        rs ->
            new Entry(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
