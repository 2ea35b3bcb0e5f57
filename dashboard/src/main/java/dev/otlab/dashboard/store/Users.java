package dev.otlab.dashboard.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Accounts: a name, a password hash and one role. Names are case-insensitive: stored in lower case
 * (migration V3 lower-cased the older ones, and a check constraint holds every write to it) and
 * looked up by the lower-cased name, so {@code Admin} finds {@code admin} and cannot be created
 * beside it.
 */
@ApplicationScoped
public class Users {

  /** A stored account. */
  public record User(String username, String passwordHash, String role, long created) {}

  @Inject Db db;

  /** The stored form of a user name as given (user names are ASCII, see the API's check). */
  public static String normalize(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  public long count() {
    return db.query("SELECT COUNT(*) FROM users", rs -> rs.getLong(1)).get(0);
  }

  public Optional<User> find(String username) {
    return db
        .query(
            "SELECT username, password_hash, role, created_at FROM users WHERE username = ?",
            rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
            normalize(username))
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
        normalize(u.username()),
        u.passwordHash(),
        u.role(),
        u.created());
  }

  public boolean setPassword(String username, String passwordHash) {
    return db.update(
            "UPDATE users SET password_hash = ? WHERE username = ?",
            passwordHash,
            normalize(username))
        > 0;
  }

  public boolean setRole(String username, String role) {
    return db.update("UPDATE users SET role = ? WHERE username = ?", role, normalize(username)) > 0;
  }

  public boolean delete(String username) {
    return db.update("DELETE FROM users WHERE username = ?", normalize(username)) > 0;
  }
}
