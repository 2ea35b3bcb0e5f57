package dev.otlab.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V3 on an in-memory H2 database at V2 holding names that differ only in case: none is
 * lost, the lower-case one keeps its name, the others are renamed in a fixed order and audited, and
 * from then on the database refuses a name that is not lower case. (The same SQL runs on
 * PostgreSQL; PostgresIT migrates a fresh PostgreSQL database through it.)
 */
class CaseInsensitiveNamesMigrationTest {

  private final String url = "jdbc:h2:mem:v3-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  private Flyway flyway(String target) {
    return Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration")
        .target(target)
        .load();
  }

  @Test
  void namesDifferingOnlyInCaseAreAllKeptUnderDistinctLowerCaseNames() throws SQLException {
    flyway("2").migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO users (username, password_hash, role, created_at) VALUES"
              + " ('ADMIN', 'h-ADMIN', 'viewer', 50),"
              + " ('admin', 'h-admin', 'admin', 100),"
              + " ('Admin', 'h-Admin', 'operator', 200),"
              + " ('Bob', 'h-Bob', 'operator', 10),"
              + " ('carl', 'h-carl', 'viewer', 1)");
    }
    flyway("3").migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      assertThat(rows(c, "SELECT username, password_hash, role FROM users ORDER BY username"))
          .containsExactly(
              "admin h-admin admin",
              "admin.case2 h-ADMIN viewer",
              "admin.case3 h-Admin operator",
              "bob h-Bob operator",
              "carl h-carl viewer");
      assertThat(rows(c, "SELECT username, action, target, result FROM audit_log ORDER BY target"))
          .containsExactly(
              "system rename-user ADMIN renamed to admin.case2: user names are case-insensitive"
                  + " now and admin is another account",
              "system rename-user Admin renamed to admin.case3: user names are case-insensitive"
                  + " now and admin is another account");
      assertThat(rows(c, "SELECT at FROM audit_log").get(0)).matches("\\d{13}");
      try (Statement st = c.createStatement()) {
        assertThatThrownBy(
                () ->
                    st.execute(
                        "INSERT INTO users (username, password_hash, role, created_at)"
                            + " VALUES ('Zed', 'h', 'viewer', 1)"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("USERS_USERNAME_LOWER");
      }
    }
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(rs.getString(i));
        }
        out.add(String.join(" ", cells));
      }
    }
    return out;
  }
}
