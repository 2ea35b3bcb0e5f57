package dev.otlab.dashboard.store;

import dev.otlab.core.OtlabException;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

/**
 * Opens the embedded H2 file once before Flyway migrates it. Through the pool a damaged file only
 * shows as an "Acquisition timeout" after some seconds; opened directly, H2 says what is wrong, and
 * the start fails with a message that names the file and what to do. Hooked in as a Flyway
 * customizer because Flyway migrates before any startup observer runs.
 */
@Singleton
@io.quarkus.arc.Unremovable
public class DatabaseCheck implements FlywayConfigurationCustomizer {
  private static final Logger LOG = Logger.getLogger(DatabaseCheck.class);

  // H2's codes for a file it cannot read as a database: FILE_CORRUPTED_1, FILE_VERSION_ERROR_1,
  // and GENERAL_ERROR_1, under which the storage engine reports most damage ("File corrupted in
  // chunk ...", "Unsupported format"...).
  private static final int FILE_CORRUPTED = 90030;
  private static final int FILE_VERSION = 90048;
  private static final int GENERAL = 50000;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  Optional<String> url;

  @ConfigProperty(name = "quarkus.datasource.username")
  Optional<String> user;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> password;

  @ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false")
  boolean postgresql;

  @Override
  public void customize(FluentConfiguration configuration) {
    if (!postgresql && url.isPresent()) {
      probe(url.get(), user.orElse(""), password.orElse(""));
    }
  }

  /**
   * Opens the H2 database at {@code url} and closes it again.
   *
   * @throws OtlabException {@code DATABASE_DAMAGED} when H2 finds the file damaged or unreadable as
   *     a database; other failures are left to the pool, which reports them itself
   */
  public static void probe(String url, String user, String password) {
    if (!url.startsWith("jdbc:h2:file:")) {
      return;
    }
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.isValid(5);
    } catch (SQLException e) {
      if (damaged(e)) {
        String file = file(url);
        OtlabException damaged =
            new OtlabException(
                "DATABASE_DAMAGED",
                "The H2 database file "
                    + file
                    + " is damaged and cannot be opened (H2 error "
                    + e.getErrorCode()
                    + ").",
                "Stop here and keep the file for later: restore "
                    + file
                    + " from a backup, or move it away (for example to "
                    + file
                    + ".damaged) to start with an empty database; users, uploads and results are"
                    + " in that file.",
                e);
        // Said once, plainly, before the framework's own report of the failed start.
        LOG.errorf(
            "otlab: DATABASE_DAMAGED: %s %s (H2 says: %s)",
            damaged.getMessage(), damaged.remedy(), e.getMessage());
        throw damaged;
      }
      LOG.warnf(e, "otlab: opening %s before migrating failed", url);
    }
  }

  private static boolean damaged(SQLException e) {
    int code = e.getErrorCode();
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return code == FILE_CORRUPTED
        || code == FILE_VERSION
        || (code == GENERAL && (text.contains("corrupt") || text.contains("format")))
        || text.contains("file corrupted");
  }

  /** The {@code .mv.db} file of an H2 file URL. */
  static String file(String url) {
    String rest = url.substring("jdbc:h2:file:".length());
    int semi = rest.indexOf(';');
    String base = semi < 0 ? rest : rest.substring(0, semi);
    return Path.of(base + ".mv.db").toAbsolutePath().normalize().toString();
  }
}
