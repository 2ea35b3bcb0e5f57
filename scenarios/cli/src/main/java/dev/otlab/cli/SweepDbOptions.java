package dev.otlab.cli;

import dev.otlab.core.OtlabException;
import dev.otlab.swarm.SwarmEngineFactory;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The sweep database's options, a picocli mixin of {@code otlab sweep} (for the swarm engine, in
 * {@link SwarmOptions}) and of {@code otlab sweep-task}: the same three options, read the same way.
 */
public final class SweepDbOptions {

  /** The role when {@code --db-user} is not given. */
  static final String DEFAULT_USER = "otlab";

  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "The sweep database (PostgreSQL), e.g. jdbc:postgresql://HOST:5432/otlab, HOST as every"
              + " swarm node reaches it. The dashboard's database works too: its sweeps are in"
              + " the same tables.")
  @Nullable String db;

  @Option(
      names = "--db-user",
      paramLabel = "ROLE",
      description = "The sweep database's role. Default: " + DEFAULT_USER + ".")
  @Nullable String dbUser;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description =
          "A file holding the sweep database's password; default: the env variable"
              + " OTLAB_DB_PASSWORD. Swarm tasks get it as a Swarm secret.")
  @Nullable String dbPasswordFile;

  /** The options given, under the swarm engine's option keys ({@code db}, {@code db-user}, ...). */
  void putInto(Map<String, String> options) {
    if (db != null) {
      options.put("db", db);
    }
    if (dbUser != null) {
      options.put("db-user", dbUser);
    }
    if (dbPasswordFile != null) {
      options.put("db-password-file", dbPasswordFile);
    }
  }

  /**
   * The database URL, which a command that opens the store needs.
   *
   * @throws OtlabException SWARM_OPTION_INVALID when {@code --db} is not given
   */
  String url() {
    if (db == null || db.isBlank()) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID",
          "No sweep database: --db is not given.",
          "Give --db jdbc:postgresql://HOST:5432/DATABASE, the database the sweep was filed in.");
    }
    return db;
  }

  String user() {
    return dbUser != null ? dbUser : DEFAULT_USER;
  }

  /** The password, from {@code --db-password-file} or else {@code OTLAB_DB_PASSWORD}. */
  String password(Map<String, String> env) {
    return SwarmEngineFactory.password(dbPasswordFile, env);
  }
}
