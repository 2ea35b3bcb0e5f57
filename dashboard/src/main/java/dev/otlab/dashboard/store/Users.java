package dev.otlab.dashboard.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** Accounts: a name, a password hash and one role. */
@ApplicationScoped
public class Users {

  /** A stored account. */
  public record User(String username, String passwordHash, String role, long created) {}

  @Inject Db db;

  public long count() {
    return db.query("SELECT COUNT(*) FROM users", rs -> rs.getLong(1)).get(0);
  }

  public Optional<User> find(String username) {
    return db
        .query(
            "SELECT username, password_hash, role, created_at FROM users WHERE username = ?",
            rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
            username)
        .stream()
        .findFirst();
  }

  public List<User> list() {
    return db.query(
        "SELECT username, password_hash, role, created_at FROM users ORDER BY username",
        rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
  }

  public void insert(User u) {
    db.update(
        "INSERT INTO users (username, password_hash, role, created_at) VALUES (?,?,?,?)",
        u.username(),
        u.passwordHash(),
        u.role(),
        u.created());
  }

  public boolean setPassword(String username, String passwordHash) {
    return db.update(
            "UPDATE users SET password_hash = ? WHERE username = ?", passwordHash, username)
        > 0;
  }

  public boolean delete(String username) {
    return db.update("DELETE FROM users WHERE username = ?", username) > 0;
  }
}
