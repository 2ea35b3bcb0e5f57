package dev.otlab.dashboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.testkit.RequiresDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service on a real PostgreSQL server (127.0.0.1:5432, role {@code otlab}, database
 * {@code otlab_test}, as {@code .ci/run} sets them up): Flyway migrates a fresh database, users and
 * a run go through the API, and the rows are read back over JDBC. Without a server the test is
 * skipped, except in CI ({@code CI=true}), where it fails (the test kit's {@link
 * RequiresDatabase}).
 */
class PostgresIT {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DATABASE = "otlab_test";
  private static final String USER = "otlab";
  private static final String PASSWORD = "otlab";

  @TempDir Path data;

  private final List<ServiceProcess> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(ServiceProcess::close);
  }

  /**
   * A fresh, empty database each time, so Flyway really migrates. The server is required per test
   * rather than per class, so that a skip shows in the report as a skipped test with its reason.
   */
  @BeforeEach
  void freshDatabase() throws SQLException {
    DriverManager.setLoginTimeout(5);
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
        Statement st = admin.createStatement()) {
      // WITH (FORCE) ends connections a killed earlier test run may have left behind.
      st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + DATABASE);
    }
  }

  private static Connection db() throws SQLException {
    return DriverManager.getConnection(SERVER + DATABASE, USER, PASSWORD);
  }

  private ServiceProcess start(String name) throws Exception {
    ServiceProcess s =
        ServiceProcess.start(
            name,
            data,
            Map.of(
                "quarkus.datasource.active",
                "false",
                "quarkus.datasource.postgresql.active",
                "true",
                "quarkus.datasource.postgresql.jdbc.url",
                SERVER + DATABASE,
                "quarkus.datasource.postgresql.username",
                USER,
                "quarkus.datasource.postgresql.password",
                PASSWORD));
    started.add(s);
    return s;
  }

  @Test
  @RequiresDatabase(
      name = "PostgreSQL",
      url = SERVER + "postgres",
      user = USER,
      password = PASSWORD,
      hint =
          "Start it (pg_ctlcluster 15 main start) and create the role and database as .ci/run"
              + " does.")
  void theServiceMigratesPostgresqlAndStoresUsersRunsAndWhatTheyProduced() throws Exception {
    try (Connection c = db();
        ResultSet rs = c.getMetaData().getTables(null, "public", "jobs", null)) {
      assertThat(rs.next()).as("the database starts empty").isFalse();
    }

    ServiceProcess s = start("postgres-1");

    for (String[] u : new String[][] {{"ada", "viewer"}, {"bob", "operator"}}) {
      HttpResponse<String> r =
          s.post(
              "/api/users",
              "{\"username\":\""
                  + u[0]
                  + "\",\"password\":\"not-the-name-"
                  + u[1]
                  + "\","
                  + "\"role\":\""
                  + u[1]
                  + "\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    String run =
        "{\"architecture\":\"chemical-reactor-purdue-dmz-dpi\",\"scenario\":\"cr-vendor-recon\"}";
    HttpResponse<String> refused = s.post("/api/runs", run, "ada", "not-the-name-viewer");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    HttpResponse<String> anonymous = s.post("/api/runs", run, null, "");
    assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);

    HttpResponse<String> r = s.post("/api/runs", run, "bob", "not-the-name-operator");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = ServiceProcess.json(r).path("id").asText();

    JsonNode done = s.awaitFinished("/api/runs/" + id);
    assertThat(done.path("user").asText()).isEqualTo("bob");
    assertThat(done.path("summary").path("total").isNumber()).as("%s", done).isTrue();
    JsonNode card = ServiceProcess.JSON.readTree(s.text("/api/runs/" + id + "/scorecard"));
    assertThat(card.path("scenario").asText()).isEqualTo("cr-vendor-recon");
    String alerts = s.text("/api/runs/" + id + "/alerts?format=jsonl");
    for (String line : alerts.lines().toList()) {
      assertThat(ServiceProcess.JSON.readTree(line).isObject()).as(line).isTrue();
    }
    assertThat(done.path("summary").path("alerts").asLong())
        .as("alerts in the summary and lines in the download")
        .isEqualTo(alerts.lines().count());
    String cef = s.text("/api/runs/" + id + "/alerts?format=cef");
    assertThat(cef.lines().count()).isEqualTo(alerts.lines().count());
    String trace = s.text("/api/runs/" + id + "/trace?format=jsonl");
    assertThat(trace.lines()).isNotEmpty();
    // A name and a note (migration V6's columns), given by the operator.
    HttpResponse<String> named =
        s.patch(
            "/api/runs/" + id,
            "{\"name\": \"reactor recon\", \"note\": \"on PostgreSQL\"}",
            "bob",
            "not-the-name-operator");
    assertThat(named.statusCode()).as(named.body()).isEqualTo(200);

    // The rows are in PostgreSQL, not in an H2 file.
    assertThat(data.resolve("db")).as("no embedded database was made").doesNotExist();
    try (Connection c = db()) {
      assertThat(
              rows(
                  c,
                  "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL"
                      + " ORDER BY installed_rank"))
          .allMatch(m -> m.get("success").equals("t"))
          .contains(
              Map.of("version", "1", "success", "t"),
              Map.of("version", "2", "success", "t"),
              Map.of("version", "3", "success", "t"),
              Map.of("version", "4", "success", "t"),
              Map.of("version", "6", "success", "t"));
      assertThat(rows(c, "SELECT name, note FROM jobs WHERE id = '" + id + "'"))
          .containsExactly(Map.of("name", "reactor recon", "note", "on PostgreSQL"));
      // The run played in the service's own lab, and the row says so.
      assertThat(rows(c, "SELECT lab FROM jobs WHERE id = '" + id + "'"))
          .containsExactly(Map.of("lab", "embedded"));
      assertThat(rows(c, "SELECT username, role FROM users ORDER BY username"))
          .containsExactly(
              Map.of("username", "ada", "role", "viewer"),
              Map.of("username", "admin", "role", "admin"),
              Map.of("username", "bob", "role", "operator"));
      for (Map<String, String> u : rows(c, "SELECT username, password_hash FROM users")) {
        assertThat(u.get("password_hash")).doesNotContain("password");
      }
      Map<String, String> job =
          rows(
                  c,
                  "SELECT kind, status, architecture, subject, username, summary FROM jobs"
                      + " WHERE id = '"
                      + id
                      + "'")
              .get(0);
      assertThat(job)
          .containsEntry("kind", "run")
          .containsEntry("status", "FINISHED")
          .containsEntry("architecture", "chemical-reactor-purdue-dmz-dpi")
          .containsEntry("subject", "cr-vendor-recon")
          .containsEntry("username", "bob");
      assertThat(ServiceProcess.JSON.readTree(job.get("summary"))).isEqualTo(done.path("summary"));

      // Read back as the service reads them: large artifacts are stored compressed (migration V4).
      Map<String, String> stored = new HashMap<>();
      Map<String, String> encodings = new HashMap<>();
      for (Map<String, String> a :
          rows(c, "SELECT name, body, encoding FROM artifacts WHERE job_id = '" + id + "'")) {
        stored.put(a.get("name"), ArtifactCodec.decode(a.get("encoding"), a.get("body")));
        encodings.put(a.get("name"), a.get("encoding"));
      }
      assertThat(encodings).containsEntry("trace.jsonl", ArtifactCodec.GZIP_BASE64);
      assertThat(stored)
          .containsKeys(
              "scorecard.json",
              "trace.jsonl",
              "samples.csv",
              "alerts.jsonl",
              "alerts.cef",
              "evaluation.json",
              "layer.json",
              "report.html");
      // Served as stored, with the verdict sentence added as it is served.
      com.fasterxml.jackson.databind.node.ObjectNode served =
          ((com.fasterxml.jackson.databind.node.ObjectNode) card).deepCopy();
      assertThat(served.remove("verdict").asText()).startsWith("Prevented: ");
      assertThat(ServiceProcess.JSON.readTree(stored.get("scorecard.json"))).isEqualTo(served);
      assertThat(stored.get("alerts.jsonl")).isEqualTo(alerts);
      assertThat(stored.get("trace.jsonl")).isEqualTo(trace);

      assertThat(rows(c, "SELECT username, action, target, result FROM audit_log"))
          .contains(
              Map.of(
                  "username",
                  "bob",
                  "action",
                  "POST",
                  "target",
                  "/api/runs",
                  "result",
                  "202 " + id),
              Map.of(
                  "username",
                  "ada",
                  "action",
                  "POST",
                  "target",
                  "/api/runs",
                  "result",
                  "403 FORBIDDEN"));
    }

    // A second start on the same database: Flyway finds it migrated, nothing is recreated.
    s.close();
    ServiceProcess again = start("postgres-2");
    assertThat(again.json("/api/runs/" + id).path("status").asText()).isEqualTo("finished");
    assertThat(ServiceProcess.JSON.readTree(again.text("/api/runs/" + id + "/scorecard")))
        .isEqualTo(card);
    assertThat(again.get("/api/me", "bob", "not-the-name-operator").statusCode()).isEqualTo(200);
    try (Connection c = db()) {
      assertThat(rows(c, "SELECT COUNT(*) AS n FROM users")).containsExactly(Map.of("n", "3"));
      assertThat(
              rows(
                  c,
                  "SELECT COUNT(*) AS n FROM flyway_schema_history" + " WHERE version IS NOT NULL"))
          .containsExactly(Map.of("n", Long.toString(migrations())));
    }
    assertThat(Files.readString(again.log())).doesNotContain("ERROR");
  }

  /** The number of Flyway migrations the service ships. */
  private static long migrations() throws java.io.IOException {
    try (var files =
        Files.list(
            ServiceProcess.repoRoot().resolve("dashboard/src/main/resources/db/migration"))) {
      return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }

  /** Every row as column name to text (booleans as PostgreSQL writes them: t or f). */
  private static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
    List<Map<String, String>> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          String text =
              v instanceof Boolean b ? (b ? "t" : "f") : v == null ? "null" : v.toString();
          row.put(rs.getMetaData().getColumnLabel(i), text);
        }
        out.add(row);
      }
    }
    return out;
  }
}
