package dev.otlab.dashboard.security;

import dev.otlab.testkit.Ports;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Not a test: logins under a guessing flood of 16 clients against the packaged service, in three
 * floods after an idle baseline:
 *
 * <ul>
 *   <li>{@code one-user}: 16 addresses guess one user's password (the per-user throttle);
 *   <li>{@code spray}: 16 addresses each try made-up names (the per-address throttle);
 *   <li>{@code distributed}: every guess from a new address and a new name, which no throttle
 *       catches; only the bound on PBKDF2 checks in flight protects the rest.
 * </ul>
 *
 * For each it reports the guesses answered per second and how many ran a password check (401) or
 * were refused (429), the latency of ordinary authenticated requests of a logged-in user (p50, p99,
 * max) and of fresh logins of users not yet remembered. Addresses are 127.x.y.z (Linux routes all
 * of 127/8 to loopback). Run it with
 *
 * <pre>
 * ./mvnw -B -o package -pl dashboard -am -DskipTests   # builds target/quarkus-app and test classes
 * java -cp dashboard/target/test-classes dev.otlab.dashboard.security.LoginFloodBenchmark [seconds]
 * </pre>
 *
 * It starts {@code dashboard/target/quarkus-app/quarkus-run.jar} on a free port with a temporary
 * data folder, and stops it at the end. Only the JDK is on its class path.
 */
public final class LoginFloodBenchmark {
  private static final String ADMIN_PASSWORD = "bench-first-passphrase";
  private static final String PASSWORD = "amber-lantern-meadow";
  private static final int CLIENTS = 16;

  private LoginFloodBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path root = Path.of("").toAbsolutePath();
    Path jar = root.resolve("dashboard/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; package the dashboard first");
    }
    Path data = Files.createTempDirectory("otlab-login-bench");
    // Below the ephemeral range, so no outgoing connection takes it before the service binds it.
    int port = Ports.freeBelowEphemeralRange();
    Process service =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dotlab.library=" + root.resolve("scenarios/library"),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dotlab.data=" + data,
                "-Dotlab.admin.password=" + ADMIN_PASSWORD,
                "-Dquarkus.log.category.\"dev.otlab.dashboard.security\".level=ERROR",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("service.log").toFile())
            .start();
    try {
      awaitReady(port);
      int fresh = 4 * seconds * 2 + 10;
      long t0 = System.nanoTime();
      for (String u : List.of("reader", "victim")) {
        createUser(port, u);
      }
      for (int i = 0; i < fresh; i++) {
        createUser(port, "fresh-" + i);
      }
      System.out.printf(
          Locale.ROOT,
          "service on port %d, %d users created in %.1f s; %d cores; %d s per phase%n",
          port,
          fresh + 2,
          (System.nanoTime() - t0) / 1e9,
          Runtime.getRuntime().availableProcessors(),
          seconds);
      AtomicInteger nextFresh = new AtomicInteger();
      AtomicInteger address = new AtomicInteger();
      phase("idle", port, seconds, null, nextFresh);
      phase(
          "one-user", port, seconds, c -> new String[] {"127.0.1." + (c + 1), "victim"}, nextFresh);
      phase(
          "spray",
          port,
          seconds,
          c -> new String[] {"127.0.2." + (c + 1), "nobody-" + address.incrementAndGet()},
          nextFresh);
      phase(
          "distributed",
          port,
          seconds,
          c -> {
            int n = address.incrementAndGet();
            return new String[] {"127.3." + ((n >> 8) & 255) + "." + (n & 255), "nobody-" + n};
          },
          nextFresh);
    } finally {
      service.destroy();
      service.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * One phase: 16 flooding clients (none when {@code guess} is null), one client of ordinary
   * requests back to back, one fresh login every 500 ms.
   */
  private static void phase(
      String name,
      int port,
      int seconds,
      @Nullable IntFunction<String[]> guess,
      AtomicInteger nextFresh)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    List<Long> answers = Collections.synchronizedList(new ArrayList<>());
    List<Long> ordinary = Collections.synchronizedList(new ArrayList<>());
    List<Long> logins = Collections.synchronizedList(new ArrayList<>());
    ConcurrentHashMap<Integer, AtomicLong> loginStatuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 2);
    if (guess != null) {
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        pool.submit(
            () -> {
              int i = 0;
              while (System.nanoTime() < end) {
                String[] who = guess.apply(client);
                int status;
                long t = System.nanoTime();
                try {
                  status =
                      PlainHttp.get(who[0], port, "/api/me", who[1], "guess-" + client + "-" + i++)
                          .status();
                } catch (IOException e) {
                  status = -1;
                }
                answers.add(System.nanoTime() - t);
                statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
              }
              return null;
            });
      }
    }
    pool.submit(
        () -> {
          while (System.nanoTime() < end) {
            long t = System.nanoTime();
            int status = PlainHttp.get("127.0.0.1", port, "/api/me", "reader", PASSWORD).status();
            if (status == 200) {
              ordinary.add(System.nanoTime() - t);
            }
          }
          return null;
        });
    pool.submit(
        () -> {
          while (System.nanoTime() < end) {
            long t = System.nanoTime();
            String user = "fresh-" + nextFresh.getAndIncrement();
            int status = PlainHttp.get("127.0.0.1", port, "/api/me", user, PASSWORD).status();
            logins.add(System.nanoTime() - t);
            loginStatuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            long rest = 500_000_000L - (System.nanoTime() - t);
            if (rest > 0) {
              TimeUnit.NANOSECONDS.sleep(rest);
            }
          }
          return null;
        });
    pool.shutdown();
    if (!pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
    long guesses = statuses.values().stream().mapToLong(AtomicLong::get).sum();
    System.out.printf(
        Locale.ROOT,
        "%-12s guesses %7.1f/s (checked 401: %5.1f/s, refused 429: %7.1f/s, other %s;"
            + " answered in p50 %.1f ms p99 %.1f ms) |"
            + " ordinary /api/me n=%d p50 %.1f ms p99 %.1f ms max %.1f ms | fresh logins n=%d"
            + " p50 %.0f ms max %.0f ms statuses %s%n",
        name,
        guesses / (double) seconds,
        count(statuses, 401) / (double) seconds,
        count(statuses, 429) / (double) seconds,
        others(statuses),
        pct(answers, 50),
        pct(answers, 99),
        ordinary.size(),
        pct(ordinary, 50),
        pct(ordinary, 99),
        pct(ordinary, 100),
        logins.size(),
        pct(logins, 50),
        pct(logins, 100),
        loginStatuses);
  }

  private static long count(ConcurrentHashMap<Integer, AtomicLong> m, int status) {
    AtomicLong n = m.get(status);
    return n == null ? 0 : n.get();
  }

  private static String others(ConcurrentHashMap<Integer, AtomicLong> m) {
    StringBuilder sb = new StringBuilder("{");
    m.forEach(
        (k, v) -> {
          if (k != 401 && k != 429) {
            sb.append(k).append('=').append(v.get()).append(' ');
          }
        });
    return sb.toString().strip() + "}";
  }

  private static double pct(List<Long> nanos, int p) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  private static void createUser(int port, String user) throws IOException {
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + "/api/users").toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    c.setRequestProperty(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    c.getOutputStream()
        .write(
            ("{\"username\":\""
                    + user
                    + "\",\"password\":\""
                    + PASSWORD
                    + "\",\"role\":\"viewer\"}")
                .getBytes(StandardCharsets.UTF_8));
    if (c.getResponseCode() != 201) {
      throw new IllegalStateException("creating " + user + ": " + c.getResponseCode());
    }
    c.disconnect();
  }

  private static void awaitReady(int port) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < until) {
      try {
        HttpURLConnection c =
            (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + "/q/health/ready").toURL().openConnection();
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException("the service did not become ready in 3 minutes");
  }
}
