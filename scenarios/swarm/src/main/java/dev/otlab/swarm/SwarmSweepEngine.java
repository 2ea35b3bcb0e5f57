package dev.otlab.swarm;

import dev.otlab.core.OtlabException;
import dev.otlab.sweep.JdbcSweepStore;
import dev.otlab.sweep.SweepEngine;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepProgress;
import dev.otlab.sweep.SweepStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Plays a sweep on Docker Swarm: each phase of the plan becomes one replicated-job service in the
 * lab image with a task per unit ({@code otlab sweep-task}, which takes the unit of its task slot,
 * plays it with the same {@link dev.otlab.sweep.UnitPlayer} the embedded engine uses and files the
 * result in the {@link JdbcSweepStore}, the same SQL store the dashboard keeps its sweeps in);
 * Swarm places the tasks on any node, runs up to {@code concurrency} at once and restarts a failed
 * one ({@code --restart-condition on-failure}) up to {@code maxAttempts} attempts in all. The
 * engine follows the store, files the failures of tasks that died without saying so (a killed
 * container) from {@code docker service ps}, gives up on a unit whose attempts are spent, and
 * removes its services and the database password's secret when it ends, also when it fails or is
 * interrupted.
 *
 * <p>The store must be a {@link JdbcSweepStore} on the PostgreSQL database every node reaches at
 * {@link Settings#dbUrl()}: the tasks log in there themselves. A {@link JdbcSweepStore#tagged}
 * store's tag goes before the tasks' worker names too ({@code TAG/node/task}), as the dashboard
 * tags a sweep job's units with the job.
 */
public final class SwarmSweepEngine implements SweepEngine {

  /** The name {@code --engine} takes. */
  public static final String NAME = "swarm";

  /** Where the database password's secret is mounted in a task's container. */
  static final String PASSWORD_FILE = "/run/secrets/otlab-sweep-db";

  /** The env variable a task reads its slot from (Swarm templates it per task). */
  static final String SLOT_ENV = "OTLAB_SWEEP_SLOT";

  /** The env variable a task reads its worker name from. */
  static final String WORKER_ENV = "OTLAB_SWEEP_WORKER";

  /**
   * How the engine runs tasks.
   *
   * @param image the lab image; on every node of the swarm (there is no registry)
   * @param concurrency tasks run at once, over the whole swarm (1 to 256)
   * @param maxAttempts attempts per unit before the sweep fails (1 to 10)
   * @param dbUrl the JDBC URL of the sweep database as every node reaches it
   * @param dbUser the database role
   * @param dbPassword its password (handed to the tasks as a Swarm secret, never on a command line)
   * @param network the network the tasks join: {@code host} when the database listens on the nodes'
   *     loopback or LAN address, or an attachable overlay on which a database service runs
   * @param javaOptions the tasks' JVM options (OTLAB_JAVA_OPTS), or null for the image's default
   * @param poll how often the engine looks at the store and at {@code docker service ps}
   * @param docker the docker command
   */
  public record Settings(
      String image,
      int concurrency,
      int maxAttempts,
      String dbUrl,
      String dbUser,
      String dbPassword,
      String network,
      @Nullable String javaOptions,
      Duration poll,
      String docker) {

    public Settings {
      if (image.isBlank()) {
        throw invalid("--image is empty.", "Give the lab image, e.g. --image otlab/lab:dev.");
      }
      if (concurrency < 1 || concurrency > 256) {
        throw invalid(
            "--concurrency " + concurrency + " is outside 1 to 256.",
            "Give the number of tasks the swarm runs at once, e.g. the nodes' cores in all.");
      }
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw invalid(
            "--max-attempts " + maxAttempts + " is outside 1 to 10.",
            "Give how often a unit is tried before the sweep fails, e.g. 3.");
      }
      if (!dbUrl.startsWith("jdbc:postgresql://")) {
        throw invalid(
            "--db "
                + (dbUrl.isBlank() ? "is missing" : dbUrl + " is not a PostgreSQL JDBC URL")
                + ".",
            "Give --db jdbc:postgresql://HOST:5432/DATABASE, HOST as every swarm node reaches it.");
      }
      if (dbUser.isBlank()) {
        throw invalid("--db-user is empty.", "Give the database role, e.g. --db-user otlab.");
      }
      if (network.isBlank()) {
        throw invalid("--network is empty.", "Give host, or an attachable overlay network.");
      }
      if (poll.isNegative() || poll.isZero()) {
        throw invalid("The poll interval " + poll + " is not positive.", "Give e.g. 1 s.");
      }
    }

    /**
     * Settings with the defaults (the dev image, 4 at once, 3 attempts, the host network, a
     * one-second poll, the docker command on the PATH), to change with the builder's setters.
     */
    public static Builder builder(String dbUrl, String dbUser, String dbPassword) {
      return new Builder(dbUrl, dbUser, dbPassword);
    }

    /** The defaults as {@link #builder} has them. */
    public static Settings of(String dbUrl, String dbUser, String dbPassword) {
      return builder(dbUrl, dbUser, dbPassword).build();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
      return new Builder(dbUrl, dbUser, dbPassword)
          .image(image)
          .concurrency(concurrency)
          .maxAttempts(maxAttempts)
          .network(network)
          .javaOptions(javaOptions)
          .poll(poll)
          .docker(docker);
    }

    /** Settings under construction; {@link #build} checks them. */
    public static final class Builder {
      private String image = "otlab/lab:dev";
      private int concurrency = 4;
      private int maxAttempts = 3;
      private final String dbUrl;
      private final String dbUser;
      private final String dbPassword;
      private String network = "host";
      private @Nullable String javaOptions;
      private Duration poll = Duration.ofSeconds(1);
      private String docker = "docker";

      private Builder(String dbUrl, String dbUser, String dbPassword) {
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
      }

      public Builder image(String image) {
        this.image = image;
        return this;
      }

      public Builder concurrency(int concurrency) {
        this.concurrency = concurrency;
        return this;
      }

      public Builder maxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
        return this;
      }

      public Builder network(String network) {
        this.network = network;
        return this;
      }

      public Builder javaOptions(@Nullable String javaOptions) {
        this.javaOptions = javaOptions;
        return this;
      }

      public Builder poll(Duration poll) {
        this.poll = poll;
        return this;
      }

      public Builder docker(String docker) {
        this.docker = docker;
        return this;
      }

      /**
       * The settings.
       *
       * @throws OtlabException SWARM_OPTION_INVALID when one is out of range
       */
      public Settings build() {
        return new Settings(
            image,
            concurrency,
            maxAttempts,
            dbUrl,
            dbUser,
            dbPassword,
            network,
            javaOptions,
            poll,
            docker);
      }
    }
  }

  private static OtlabException invalid(String message, String remedy) {
    return new OtlabException("SWARM_OPTION_INVALID", message, remedy);
  }

  /**
   * One task as {@code docker service ps} shows it.
   *
   * @param id the task's id
   * @param slot the unit's place in its phase, from 1: Swarm's slot + 1 (see {@link #place})
   * @param desiredState what Swarm wants of it
   * @param currentState what it is, with its age, e.g. "Failed 3 seconds ago"
   * @param error Swarm's error, e.g. "task: non-zero exit (137)"
   */
  public record Task(String id, int slot, String desiredState, String currentState, String error) {
    public boolean failed() {
      return currentState.startsWith("Failed") || currentState.startsWith("Rejected");
    }

    public boolean complete() {
      return currentState.startsWith("Complete");
    }
  }

  private final Settings settings;
  private final DockerCli docker;
  private final List<String> created = new ArrayList<>();
  private final List<Task> failedTasks = new ArrayList<>();
  private final String taskDbUrl;

  public SwarmSweepEngine(Settings settings) {
    this(settings, null);
  }

  /**
   * An engine whose tasks reach the database at another address than this process does: a database
   * service on the overlay network the tasks join ({@link Settings#network()}), named by its
   * service name there ({@code --task-db jdbc:postgresql://sweep-db:5432/otlab}), while this
   * process, on a manager, reaches it through its published port ({@link Settings#dbUrl()}).
   *
   * @param taskDbUrl the JDBC URL the tasks log in at, or null for {@link Settings#dbUrl()}
   */
  public SwarmSweepEngine(Settings settings, @Nullable String taskDbUrl) {
    this.settings = settings;
    this.docker = new DockerCli(settings.docker());
    this.taskDbUrl = TaskNetwork.taskDbUrl(settings, taskDbUrl);
  }

  /** The JDBC URL the tasks log in at. */
  public String taskDbUrl() {
    return taskDbUrl;
  }

  /**
   * Checks, when the tasks join a network other than {@code host}, that it is a swarm overlay and
   * that the database service the task URL names, if it is a service of this swarm, has a task
   * running: before anything logs in, so a missing stack is named as such.
   *
   * @throws OtlabException SWARM_NETWORK_UNUSABLE or SWARM_DB_SERVICE_DOWN
   */
  public void requireTaskNetwork() {
    new TaskNetwork(docker, settings.network(), taskDbUrl).require();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The settings the engine runs tasks with. */
  public Settings settings() {
    return settings;
  }

  /** The failed tasks seen in the last {@link #play}, in the order they were noticed. */
  public synchronized List<Task> failedTasks() {
    return List.copyOf(failedTasks);
  }

  @Override
  public void play(
      String sweepId, SweepPlan plan, SweepStore store, Consumer<SweepProgress> progress) {
    if (!(store instanceof JdbcSweepStore db)) {
      throw new IllegalArgumentException(
          "the swarm engine's tasks write to the SQL store; give it a JdbcSweepStore, not "
              + store.getClass().getSimpleName());
    }
    requireManager();
    requireTaskNetwork();
    requireImage();
    db.create(sweepId, plan);
    synchronized (this) {
      failedTasks.clear();
    }
    String secret = "otlab-sweep-" + slug(sweepId) + "-db";
    // Ctrl-C ends the JVM without unwinding this thread: the hook removes what it created then.
    Thread cleanup = new Thread(this::removeCreated, "otlab-swarm-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      createSecret(secret);
      for (int phase = 1; phase <= 2; phase++) {
        int units = plan.phase(phase).size();
        if (units == 0 || done(db, sweepId, phase)) {
          continue;
        }
        String service = serviceName(sweepId, phase);
        removeQuietly("service", service);
        createService(service, secret, sweepId, phase, units, db.tag());
        follow(db, sweepId, phase, service, progress);
        removeQuietly("service", service);
      }
      progress.accept(db.progress(sweepId));
    } finally {
      // Also on failure and on interrupt (a cancelled sweep): no task may go on writing.
      removeCreated();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // The JVM is shutting down and runs the hook itself; removing twice is harmless.
      }
    }
  }

  /** Removes the services and the secret this engine created and has not removed yet. */
  private void removeCreated() {
    List<String> left;
    synchronized (created) {
      left = List.copyOf(created);
    }
    // A cancelled sweep's thread is interrupted, and an interrupted thread cannot wait for the
    // docker commands that remove what it made: the interrupt is kept for after.
    boolean interrupted = Thread.interrupted();
    try {
      remove(left);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void remove(List<String> left) {
    // Services first: a secret cannot go while a service uses it.
    for (String s : left) {
      if (s.startsWith("service:")) {
        removeQuietly("service", s.substring(s.indexOf(':') + 1));
      }
    }
    for (String s : left) {
      if (s.startsWith("secret:")) {
        removeQuietly("secret", s.substring(s.indexOf(':') + 1));
      }
    }
  }

  private void requireManager() {
    DockerCli.Result r =
        docker.run(
            List.of("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}"));
    if (!r.ok()) {
      throw new OtlabException(
          "SWARM_DOCKER_UNAVAILABLE",
          "The Docker engine does not answer: " + r.err(),
          "Start dockerd, or point DOCKER_HOST at a swarm manager; then run the sweep again.");
    }
    String[] state = r.out().strip().split(" ");
    if (!state[0].equals("active")) {
      throw new OtlabException(
          "SWARM_NOT_ACTIVE",
          "This Docker engine is not part of a swarm (state " + state[0] + ").",
          "Make it a one-node swarm with docker swarm init, or run the sweep on a manager of an"
              + " existing swarm (docker/README.md, Sweeps on Swarm).");
    }
    if (state.length < 2 || !state[1].equals("true")) {
      throw new OtlabException(
          "SWARM_NOT_MANAGER",
          "This Docker engine is a swarm worker; only a manager creates services.",
          "Run the sweep on a manager (docker node ls there lists the nodes), or promote this"
              + " node with docker node promote on a manager.");
    }
  }

  private void requireImage() {
    if (!docker.run(List.of("image", "inspect", "--format", "{{.Id}}", settings.image())).ok()) {
      throw new OtlabException(
          "SWARM_IMAGE_MISSING",
          "The lab image " + settings.image() + " is not on this Docker engine.",
          "Build it (./mvnw -B install -DskipTests, then docker/build-images.sh) and load it on"
              + " every swarm node: docker save "
              + settings.image()
              + " | ssh NODE docker load (there is no registry).");
    }
    // An image built from an older otlab has no sweep-task and every task would fail at once
    // (a tag such as otlab/lab:dev is easily rebuilt from another checkout).
    DockerCli.Result help =
        docker.run(
            List.of("run", "--rm", "--network", "none", settings.image(), "sweep-task", "--help"));
    // An otlab without the command prints its own usage for "--help" and succeeds.
    if (!help.ok() || !help.out().contains("otlab sweep-task")) {
      throw new OtlabException(
          "SWARM_IMAGE_MISSING",
          "The lab image "
              + settings.image()
              + " has no otlab sweep-task command: it was built from an older otlab.",
          "Rebuild it from this otlab (./mvnw -B install -DskipTests, then"
              + " docker/build-images.sh) and load it on every swarm node (docker save | docker"
              + " load).");
    }
  }

  private void createSecret(String secret) {
    removeQuietly("secret", secret);
    DockerCli.Result r =
        docker.run(
            List.of("secret", "create", "--label", "otlab.sweep=true", secret, "-"),
            settings.dbPassword().getBytes(StandardCharsets.UTF_8));
    if (!r.ok()) {
      throw new OtlabException(
          "SWARM_SERVICE_FAILED",
          "Docker could not create the secret " + secret + " for the database password: " + r.err(),
          "Check the swarm (docker secret ls) and run the sweep again.");
    }
    synchronized (created) {
      created.add("secret:" + secret);
    }
  }

  private void createService(
      String service, String secret, String sweepId, int phase, int units, @Nullable String tag) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "service",
            "create",
            "--detach",
            "--quiet",
            // No registry: each node runs the image it has loaded under that tag.
            "--no-resolve-image",
            "--name",
            service,
            "--label",
            "otlab.sweep=" + sweepId,
            "--mode",
            "replicated-job",
            "--replicas",
            Integer.toString(units),
            "--max-concurrent",
            Integer.toString(Math.min(settings.concurrency(), units)),
            "--network",
            settings.network(),
            "--secret",
            "source="
                + secret
                + ",target="
                + PASSWORD_FILE.substring(PASSWORD_FILE.lastIndexOf('/') + 1),
            "--env",
            SLOT_ENV + "={{.Task.Slot}}",
            "--env",
            WORKER_ENV
                + "="
                + (tag == null ? "" : tag + "/")
                + "{{.Node.Hostname}}/{{.Task.Name}}"));
    if (settings.maxAttempts() > 1) {
      args.addAll(
          List.of(
              "--restart-condition",
              "on-failure",
              "--restart-delay",
              "1s",
              "--restart-max-attempts",
              Integer.toString(settings.maxAttempts() - 1)));
    } else {
      // --restart-max-attempts 0 would mean "without limit" to Swarm.
      args.addAll(List.of("--restart-condition", "none"));
    }
    if (settings.javaOptions() != null) {
      args.addAll(List.of("--env", "OTLAB_JAVA_OPTS=" + settings.javaOptions()));
    }
    args.add(settings.image());
    args.addAll(
        List.of(
            "sweep-task",
            "--sweep",
            sweepId,
            "--phase",
            Integer.toString(phase),
            "--db",
            taskDbUrl,
            "--db-user",
            settings.dbUser(),
            "--db-password-file",
            PASSWORD_FILE));
    synchronized (created) {
      created.add("service:" + service);
    }
    docker.require(args, "create the service " + service);
  }

  /** Waits until every unit of the phase has a result, filing failures Swarm saw. */
  private void follow(
      JdbcSweepStore db,
      String sweepId,
      int phase,
      String service,
      Consumer<SweepProgress> progress) {
    Set<String> filed = new HashSet<>();
    SweepProgress last = null;
    // Failures filed before this service started (an earlier play of the sweep, a retry's first
    // go): Swarm's task list counts this service's failures only.
    Map<String, Integer> before = new HashMap<>();
    db.units(sweepId).forEach(r -> before.put(r.key(), r.failures()));
    while (true) {
      List<JdbcSweepStore.UnitRow> all = db.units(sweepId);
      List<JdbcSweepStore.UnitRow> rows = all.stream().filter(r -> r.phase() == phase).toList();
      SweepProgress now = JdbcSweepStore.progress(all);
      if (!now.equals(last)) {
        progress.accept(now);
        last = now;
      }
      if (rows.stream().allMatch(JdbcSweepStore.UnitRow::done)) {
        return;
      }
      List<Task> tasks = tasks(service);
      Map<Integer, Integer> failedBySlot = new HashMap<>();
      Map<Integer, Task> lastFailure = new HashMap<>();
      for (Task t : tasks) {
        if (t.failed()) {
          failedBySlot.merge(t.slot(), 1, Integer::sum);
          lastFailure.putIfAbsent(t.slot(), t);
          if (filed.add(t.id())) {
            synchronized (this) {
              failedTasks.add(t);
            }
          }
        }
      }
      for (JdbcSweepStore.UnitRow r : rows) {
        int dockerFailures = failedBySlot.getOrDefault(r.slot(), 0);
        if (r.done() || dockerFailures == 0) {
          continue;
        }
        Task t = lastFailure.get(r.slot());
        // A task that failed in Java filed its own failure before it exited; one that was killed
        // (or rejected by a node) could not, so the engine files it from what Swarm says.
        String error = "task " + t.currentState() + (t.error().isBlank() ? "" : ": " + t.error());
        for (int i = r.failures() - before.getOrDefault(r.key(), 0); i < dockerFailures; i++) {
          if (r.status() == JdbcSweepStore.Status.RUNNING
              && r.worker() != null
              && !r.worker().endsWith("." + t.id())) {
            // Swarm's next attempt has said it started already ({{.Task.Name}} ends with the
            // task's id): the failure is counted, and the unit stays running.
            db.failedEarlier(sweepId, r.key(), error);
          } else {
            db.failed(sweepId, r.key(), service + " task " + t.id(), error);
          }
        }
        if (dockerFailures >= settings.maxAttempts()) {
          String lastError =
              db.units(sweepId).stream()
                  .filter(u -> u.key().equals(r.key()))
                  .map(JdbcSweepStore.UnitRow::error)
                  .findFirst()
                  .orElse(null);
          throw new OtlabException(
              "SWARM_UNIT_FAILED",
              "Unit "
                  + r.key()
                  + " of sweep "
                  + sweepId
                  + " failed "
                  + dockerFailures
                  + " times (--max-attempts "
                  + settings.maxAttempts()
                  + "); its last error: "
                  + lastError
                  + logTail(service),
              "Fix what failed (the service and its logs are removed with the sweep); then run"
                  + " the sweep again: it resumes from the results stored and plays only the"
                  + " units without one.");
        }
      }
      int slots = rows.size();
      long complete = tasks.stream().filter(Task::complete).map(Task::slot).distinct().count();
      if (complete == slots) {
        // Every task ended well, yet the store lacks a result: read the rows once more (a result
        // may have landed between the two reads) before calling it lost.
        List<String> missing =
            db.units(sweepId).stream()
                .filter(r -> r.phase() == phase && !r.done())
                .map(JdbcSweepStore.UnitRow::key)
                .toList();
        if (!missing.isEmpty()) {
          throw new OtlabException(
              "SWARM_TASK_LOST",
              "Every task of " + service + " completed, but units " + missing + " have no result.",
              "Check that the tasks reach the database given with --db; run the sweep again.");
        }
        return;
      }
      pause();
    }
  }

  private void pause() {
    try {
      // Wall time on purpose: the engine waits for processes elsewhere, not for a lab's clock.
      Thread.sleep(settings.poll().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OtlabException(
          "SWEEP_INTERRUPTED",
          "The sweep was interrupted; its services are being removed.",
          "Run it again to resume; the results stored are kept.",
          e);
    }
  }

  private static void pauseQuietly() {
    try {
      // Wall time on purpose: waiting for the swarm manager, not for a lab.
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The tasks of a service, with their history (failed attempts included). */
  List<Task> tasks(String service) {
    String out =
        docker.require(
            List.of(
                "service",
                "ps",
                "--no-trunc",
                "--format",
                "{{.ID}}\t{{.Name}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}",
                service),
            "list the tasks of " + service);
    return parseTasks(out);
  }

  /** Parses {@code docker service ps} lines in the format {@link #tasks} asks for. */
  static List<Task> parseTasks(String out) {
    List<Task> tasks = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 5) {
        continue;
      }
      // Older attempts of a slot are listed as "\_ NAME".
      String name = f[1].strip();
      if (name.startsWith("\\_")) {
        name = name.substring(2).strip();
      }
      int dot = name.lastIndexOf('.');
      tasks.add(
          new Task(
              f[0].strip(),
              place(name.substring(dot + 1)),
              f[2].strip(),
              f[3].strip(),
              f[4].strip()));
    }
    return tasks;
  }

  /**
   * The unit place (1 to N) of a task from its Swarm slot as a task's name or the {@code
   * {{.Task.Slot}}} template shows it. Docker 20.10 numbers a replicated job's tasks 0 to N-1 (a
   * restarted task keeps its slot) and shows slot 0 as the node's id, as it does for a global
   * service's tasks: a slot that is not a number is slot 0.
   */
  public static int place(String swarmSlot) {
    String s = swarmSlot.strip();
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10) {
      return Integer.parseInt(s) + 1;
    }
    return 1;
  }

  private static boolean done(JdbcSweepStore db, String sweepId, int phase) {
    return db.units(sweepId).stream()
        .filter(r -> r.phase() == phase)
        .allMatch(JdbcSweepStore.UnitRow::done);
  }

  /** The last lines the service's tasks wrote, for an error that outlives the service. */
  private String logTail(String service) {
    DockerCli.Result r =
        docker.run(List.of("service", "logs", "--no-task-ids", "--tail", "5", service));
    String lines = (r.out() + "\n" + r.err()).strip();
    return lines.isEmpty() ? "" : "; the tasks' last lines:\n" + lines;
  }

  private void removeQuietly(String kind, String name) {
    // Absent already is fine: removal is best effort, and a leftover is listed by its label.
    DockerCli.Result r = docker.run(List.of(kind, "rm", name));
    // A secret stays in use until the manager has removed the service just removed: try again.
    for (int i = 0; i < 10 && !r.ok() && kind.equals("secret") && r.err().contains("in use"); i++) {
      pauseQuietly();
      r = docker.run(List.of(kind, "rm", name));
    }
    synchronized (created) {
      created.remove(kind + ":" + name);
    }
  }

  /** The Swarm service that plays a phase of a sweep. */
  public static String serviceName(String sweepId, int phase) {
    return "otlab-sweep-" + slug(sweepId) + "-p" + phase;
  }

  /**
   * A sweep id as part of a Swarm object's name (letters, digits and dashes, at most 63 in all):
   * readable, with a hash so two ids that read alike do not share services.
   */
  static String slug(String sweepId) {
    String readable = sweepId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    readable = readable.replaceAll("^-+|-+$", "");
    if (readable.length() > 24) {
      readable = readable.substring(0, 24);
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(sweepId.getBytes(StandardCharsets.UTF_8));
      return (readable.isEmpty() ? "" : readable + "-") + HexFormat.of().formatHex(h, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
