package dev.otlab.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * What the Swarm sweep tests share: the one-node swarm's state, killing a sweep task's container
 * while it plays (as a node losing it would), and a fresh PostgreSQL database for the tasks to
 * write into (the JDBC driver comes from the test's class path).
 */
public final class SwarmTasks {

  private static final Duration DOCKER = Duration.ofMinutes(1);

  private SwarmTasks() {}

  /** The local Docker engine's swarm state: {@code active} on a swarm node. */
  public static String state() throws Exception {
    return Command.run(DOCKER, "docker", "info", "--format", "{{.Swarm.LocalNodeState}}")
        .output()
        .strip();
  }

  /**
   * The task name at the end of a sweep worker's name ({@code [TAG/]NODE/TASK}, as the swarm engine
   * names its tasks' workers).
   */
  public static String taskOf(String worker) {
    return worker.substring(worker.lastIndexOf('/') + 1);
  }

  /**
   * Kills the running container of a Swarm task (docker kill: exit 137, as the engine then reads
   * from docker service ps).
   *
   * @return whether a container was running for it and was killed
   */
  public static boolean kill(String taskName) throws Exception {
    String id =
        Command.run(
                DOCKER,
                "docker",
                "ps",
                "-q",
                "--filter",
                "label=com.docker.swarm.task.name=" + taskName)
            .output()
            .strip();
    if (id.isEmpty()) {
      return false;
    }
    Command.Result kill = Command.run(DOCKER, "docker", "kill", id);
    if (kill.exit() != 0) {
      throw new IllegalStateException("docker kill " + id + ": " + kill.output());
    }
    return true;
  }

  /**
   * The ids of the services a filter selects, one per line (empty: none).
   *
   * @param filter as {@code docker service ls --filter} takes it, e.g. {@code name=PREFIX} or
   *     {@code label=otlab.sweep=ID}
   */
  public static String services(String filter) throws Exception {
    return Command.run(DOCKER, "docker", "service", "ls", "-q", "--filter", filter)
        .output()
        .strip();
  }

  /**
   * Drops and creates a database on a PostgreSQL server, ending connections an earlier run's killed
   * tasks may have left behind.
   *
   * @param server e.g. {@code jdbc:postgresql://127.0.0.1:5432/}
   */
  public static void freshDatabase(String server, String database, String user, String password)
      throws SQLException {
    DriverManager.setLoginTimeout(5);
    try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
        Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + database);
    }
  }
}
