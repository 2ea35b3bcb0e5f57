package dev.otlab.swarm;

import dev.otlab.core.OtlabException;
import dev.otlab.sweep.JdbcSweepStore;
import dev.otlab.sweep.SweepEngine;
import dev.otlab.sweep.SweepEngineFactory;
import dev.otlab.sweep.SweepStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code otlab sweep --engine swarm}: a {@link SwarmSweepEngine} and the {@link JdbcSweepStore} it
 * plays into, from the options {@code db}, {@code db-user}, {@code db-password-file} (or the env
 * variable {@code OTLAB_DB_PASSWORD}; a caller in the same process, such as the dashboard, may give
 * {@code db-password} itself), {@code concurrency}, {@code image}, {@code max-attempts}, {@code
 * network}, {@code task-db} (the URL the tasks log in at on that network, when it differs from
 * {@code db}) and {@code java-options}.
 */
public final class SwarmEngineFactory implements SweepEngineFactory {

  /** The env variable the database password is read from when no password file is given. */
  public static final String PASSWORD_ENV = "OTLAB_DB_PASSWORD";

  private final Map<String, String> env;

  /** A factory reading the password from this process' environment if no file is given. */
  public SwarmEngineFactory() {
    this(System.getenv());
  }

  SwarmEngineFactory(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public String name() {
    return SwarmSweepEngine.NAME;
  }

  @Override
  public SweepEngine engine(Map<String, String> options) {
    return new SwarmSweepEngine(settings(options), options.get("task-db"));
  }

  /** The store on {@code db}, its tables created when missing (a database of its own). */
  @Override
  public SweepStore store(Map<String, String> options) {
    if (!options.getOrDefault("network", TaskNetwork.HOST).equals(TaskNetwork.HOST)) {
      // A database stack that is not up is named as such before the login to it fails.
      new SwarmSweepEngine(settings(options), options.get("task-db")).requireTaskNetwork();
    }
    SwarmSweepEngine.Settings s = settings(options);
    JdbcSweepStore store = JdbcSweepStore.direct(s.dbUrl(), s.dbUser(), s.dbPassword());
    try {
      store.createTables();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /**
   * The engine's settings from the command's options; defaults as {@link
   * SwarmSweepEngine.Settings#of}.
   */
  public SwarmSweepEngine.Settings settings(Map<String, String> options) {
    SwarmSweepEngine.Settings.Builder s =
        SwarmSweepEngine.Settings.builder(
            required(options, "db"), options.getOrDefault("db-user", "otlab"), password(options));
    if (options.containsKey("image")) {
      s.image(options.get("image"));
    }
    if (options.containsKey("concurrency")) {
      s.concurrency(number(options, "concurrency"));
    }
    if (options.containsKey("max-attempts")) {
      s.maxAttempts(number(options, "max-attempts"));
    }
    if (options.containsKey("network")) {
      s.network(options.get("network"));
    }
    if (options.containsKey("java-options")) {
      s.javaOptions(options.get("java-options"));
    }
    return s.build();
  }

  private static String required(Map<String, String> options, String key) {
    String v = options.get(key);
    if (v == null || v.isBlank()) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID",
          "The swarm engine needs --" + key + ".",
          "Give --db jdbc:postgresql://HOST:5432/DATABASE, HOST as every swarm node reaches it"
              + " (docker/README.md, Sweeps on Swarm).");
    }
    return v;
  }

  private static int number(Map<String, String> options, String key) {
    try {
      return Integer.parseInt(options.get(key).strip());
    } catch (NumberFormatException e) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID",
          "--" + key + " " + options.get(key) + " is not a whole number.",
          "Give a whole number, e.g. --" + key + " 3.");
    }
  }

  private String password(Map<String, String> options) {
    String given = options.get("db-password");
    return given != null ? given : password(options.get("db-password-file"), env);
  }

  /**
   * The database password: the file's content (one line; a trailing newline is not part of it), or
   * else {@link #PASSWORD_ENV}.
   */
  public static String password(@Nullable String file, Map<String, String> env) {
    if (file != null) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new OtlabException(
            "SWARM_DB_PASSWORD_UNREADABLE",
            "Cannot read the database password from " + file + ": " + e.getMessage(),
            "Give a readable file holding the password (--db-password-file), or set "
                + PASSWORD_ENV
                + ".");
      }
    }
    String p = env.get(PASSWORD_ENV);
    if (p == null) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID",
          "No database password: neither --db-password-file nor " + PASSWORD_ENV + " is given.",
          "Put the password in a file readable only by you and give --db-password-file FILE, or"
              + " export "
              + PASSWORD_ENV
              + ".");
    }
    return p;
  }
}
