package dev.otlab.swarm;

import dev.otlab.core.OtlabException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The network a sweep's tasks join and the database they log in to on it. On {@code host} the tasks
 * use the nodes' own network and reach the database where the engine does. On an overlay network
 * they reach it by a name on that network, typically the service name of a database that runs as a
 * stack service on it (docker/sweep-db.yml), while the engine, which is no task, reaches the same
 * server through its published port: two URLs for one database.
 */
final class TaskNetwork {

  /** The network name that puts a task on its node's own network. */
  static final String HOST = "host";

  private final DockerCli docker;
  private final String network;
  private final String taskDbUrl;

  TaskNetwork(DockerCli docker, String network, String taskDbUrl) {
    this.docker = docker;
    this.network = network;
    this.taskDbUrl = taskDbUrl;
  }

  /**
   * The URL the tasks log in at: {@code given}, or the engine's own. On a network other than {@code
   * host} it may not name a loopback address, which would be each task's own container.
   */
  static String taskDbUrl(SwarmSweepEngine.Settings settings, @Nullable String given) {
    if (given != null && !given.startsWith("jdbc:postgresql://")) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID",
          "--task-db " + given + " is not a PostgreSQL JDBC URL.",
          "Give --task-db jdbc:postgresql://SERVICE:5432/DATABASE, SERVICE as the tasks reach it"
              + " on --network, e.g. jdbc:postgresql://sweep-db:5432/otlab.");
    }
    String url = given != null ? given : settings.dbUrl();
    if (!settings.network().equals(HOST) && loopback(host(url))) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID",
          "The tasks join the network "
              + settings.network()
              + ", where "
              + host(url)
              + " in "
              + url
              + " is each task's own container, not the database.",
          "Give the database's name on that network with --task-db, e.g. --task-db"
              + " jdbc:postgresql://sweep-db:5432/otlab for the stack docker/sweep-db.yml"
              + " (docker/README.md, Sweeps on Swarm), or let the tasks use the nodes' network"
              + " (--network host).");
    }
    return url;
  }

  /** The first host a PostgreSQL JDBC URL names, without its port. */
  static String host(String url) {
    String rest = url.substring(url.indexOf("//") + 2);
    int end = rest.length();
    for (char c : new char[] {'/', '?', ','}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String hostPort = rest.substring(0, end);
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close > 0 ? hostPort.substring(1, close) : hostPort;
    }
    int colon = hostPort.indexOf(':');
    return colon >= 0 ? hostPort.substring(0, colon) : hostPort;
  }

  static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
  }

  /**
   * Checks the network and the database service, when the tasks do not use the nodes' network.
   *
   * @throws OtlabException SWARM_NETWORK_UNUSABLE, SWARM_DB_SERVICE_DOWN
   */
  void require() {
    if (network.equals(HOST)) {
      return;
    }
    DockerCli.Result r =
        docker.run(
            List.of(
                "network",
                "inspect",
                "--format",
                "{{.Driver}} {{.Scope}} {{.Attachable}}",
                network));
    if (!r.ok()) {
      throw new OtlabException(
          "SWARM_NETWORK_UNUSABLE",
          "The network " + network + " the tasks are to join is not on this manager: " + r.err(),
          "Deploy the sweep database's stack, which makes it (docker stack deploy -c"
              + " docker/sweep-db.yml otlab-db; docker/README.md, Sweeps on Swarm), or make an"
              + " attachable overlay (docker network create --driver overlay --attachable "
              + network
              + "), or give --network host.");
    }
    String[] f = r.out().strip().split(" ");
    if (f.length < 3 || !f[0].equals("overlay") || !f[1].equals("swarm")) {
      throw new OtlabException(
          "SWARM_NETWORK_UNUSABLE",
          "The network "
              + network
              + " is a "
              + (f.length > 0 ? f[0] : "?")
              + " network ("
              + (f.length > 1 ? f[1] : "?")
              + " scope); Swarm tasks join overlay networks only.",
          "Give an overlay network (docker network ls --filter driver=overlay), e.g. the one"
              + " docker/sweep-db.yml makes (otlab-sweep), or --network host.");
    }
    if (!f[2].equals("true")) {
      throw new OtlabException(
          "SWARM_NETWORK_UNUSABLE",
          "The overlay network "
              + network
              + " is not attachable: the database's checks and backups (docker run --network "
              + network
              + " ...) cannot join it as the tasks do.",
          "Make it attachable: attachable: true in its stack file, as docker/sweep-db.yml has"
              + " (docker stack rm, then docker stack deploy again), or docker network create"
              + " --driver overlay --attachable NAME for a new one.");
    }
    requireDatabaseService(host(taskDbUrl));
  }

  /**
   * When the task URL's host is a service of this swarm (its name, or its name in a stack), it must
   * have its task running; a host that is no service (a database outside the swarm) is left to the
   * tasks' login.
   */
  private void requireDatabaseService(String host) {
    String out =
        docker.require(
            List.of("service", "ls", "--format", "{{.Name}}\t{{.Replicas}}"), "list the services");
    for (String line : out.split("\n")) {
      String[] f = line.split("\t");
      if (f.length < 2 || !(f[0].equals(host) || f[0].endsWith("_" + host))) {
        continue;
      }
      String replicas = f[1].strip();
      int slash = replicas.indexOf('/');
      String running = slash > 0 ? replicas.substring(0, slash) : replicas;
      if (running.equals("0")) {
        throw new OtlabException(
            "SWARM_DB_SERVICE_DOWN",
            "The database service "
                + f[0]
                + " that --task-db names has no task running (replicas "
                + replicas
                + ").",
            "docker service ps --no-trunc "
                + f[0]
                + " says why: e.g. no node has the label otlab.sweep-db=true, the node lacks the"
                + " image otlab/postgres:15 or the secret is missing. It is up when docker service"
                + " ls shows it 1/1 (its health check passed); then run the sweep again.");
      }
      return;
    }
  }
}
