package dev.otlab.dashboard.store;

import dev.otlab.core.OtlabException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The one database of the service. Two datasources are built in (the database kind is fixed when
 * Quarkus builds); configuration activates one of them at start: the embedded H2 file by default,
 * PostgreSQL when {@code quarkus.datasource.postgresql.active} is true.
 */
@ApplicationScoped
public class Db {
  private static final Logger LOG = Logger.getLogger(Db.class);

  /** Reads one row. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final AgroalDataSource ds;
  private final String kind;

  Db(
      @ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false")
          boolean postgresql) {
    this.kind = postgresql ? "postgresql" : "h2";
    this.ds =
        postgresql
            ? Arc.container()
                .select(AgroalDataSource.class, new DataSource.DataSourceLiteral("postgresql"))
                .get()
            : Arc.container().select(AgroalDataSource.class, Default.Literal.INSTANCE).get();
  }

  /** {@code h2} or {@code postgresql}. */
  public String kind() {
    return kind;
  }

  public Connection connection() throws SQLException {
    return ds.getConnection();
  }

  /** Runs an insert, update or delete; returns the rows changed. */
  public int update(String sql, @Nullable Object... args) {
    try (Connection c = open();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(sql, e);
    }
  }

  /** One statement of a {@link #transaction}. */
  public record Statement(String sql, @Nullable Object... args) {}

  /**
   * Runs statements in one transaction: all of them or, when one fails, none.
   *
   * @return the rows each statement changed
   */
  public int[] transaction(Statement... statements) {
    try (Connection c = open()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        int[] changed = new int[statements.length];
        for (int i = 0; i < statements.length; i++) {
          try (PreparedStatement ps = c.prepareStatement(statements[i].sql())) {
            bind(ps, statements[i].args());
            changed[i] = ps.executeUpdate();
          } catch (SQLException e) {
            c.rollback();
            throw failure(statements[i].sql(), e);
          }
        }
        c.commit();
        return changed;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw failure("COMMIT", e);
    }
  }

  /** Runs a query and maps every row. */
  public <T> List<T> query(String sql, RowMapper<T> mapper, @Nullable Object... args) {
    try (Connection c = open();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw failure(sql, e);
    }
  }

  private Connection open() {
    try {
      return connection();
    } catch (SQLException e) {
      LOG.errorf(e, "The %s database gives no connection", kind);
      throw unavailable(e);
    }
  }

  private static void bind(PreparedStatement ps, @Nullable Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setNull(i + 1, java.sql.Types.NULL);
      } else if (a instanceof String s) {
        ps.setString(i + 1, s);
      } else if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (a instanceof Double d) {
        ps.setDouble(i + 1, d);
      } else {
        throw new IllegalArgumentException("unsupported parameter type " + a.getClass());
      }
    }
  }

  /**
   * A failed statement. The statement and the driver's message stay in the log: they name tables
   * and columns, which a caller has no use for and should not see.
   */
  private OtlabException failure(String sql, SQLException e) {
    LOG.errorf(e, "The %s database failed on: %s", kind, sql);
    if (lostConnection(e)) {
      return unavailable(e);
    }
    return new OtlabException(
        "DATABASE_ERROR",
        "The " + kind + " database failed on a statement.",
        "Retry; if it fails again, report it with the time: the service log has the details.",
        e);
  }

  private OtlabException unavailable(SQLException e) {
    return new OtlabException(
        "DATABASE_UNAVAILABLE",
        "The " + kind + " database cannot be reached.",
        "Check that the database is reachable and has space (see /q/health), then retry.",
        e);
  }

  // SQLState class 08 is "connection exception" in SQL:2003, which both H2 and PostgreSQL use.
  private static boolean lostConnection(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || (state != null && state.startsWith("08"));
  }
}
