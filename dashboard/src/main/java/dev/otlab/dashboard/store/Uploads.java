package dev.otlab.dashboard.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Library files users uploaded: the database is the record; the library folder is a copy. */
@ApplicationScoped
public class Uploads {

  /** One uploaded file. */
  public record Upload(String kind, String id, String body, String user, long created) {}

  @Inject Db db;

  public void insert(Upload u) {
    db.update(
        "INSERT INTO uploads (kind, id, body, username, created_at) VALUES (?,?,?,?,?)",
        u.kind(),
        u.id(),
        u.body(),
        u.user(),
        u.created());
  }

  public java.util.Optional<Upload> find(String kind, String id) {
    return db
        .query(
            "SELECT kind, id, body, username, created_at FROM uploads WHERE kind = ? AND id = ?",
            rs ->
                new Upload(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getLong(5)),
            kind,
            id)
        .stream()
        .findFirst();
  }

  public boolean delete(String kind, String id) {
    return db.update("DELETE FROM uploads WHERE kind = ? AND id = ?", kind, id) > 0;
  }

  public List<Upload> all() {
    return db.query(
        "SELECT kind, id, body, username, created_at FROM uploads ORDER BY created_at",
        rs ->
            new Upload(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
  }
}
