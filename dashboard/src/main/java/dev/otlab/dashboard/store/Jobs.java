package dev.otlab.dashboard.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Rows of runs and evaluations, and the artifacts they produced. */
@ApplicationScoped
public class Jobs {

  /** Where a job stands. */
  public enum Status {
    QUEUED,
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED,
    INTERRUPTED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean done() {
      return this != QUEUED && this != RUNNING;
    }
  }

  /**
   * One run or evaluation.
   *
   * @param id job id
   * @param kind {@code run} or {@code evaluation}
   * @param status where it stands
   * @param architecture architecture id
   * @param subject scenario id (run) or suite id (evaluation)
   * @param detection detection profile id, or {@code none}
   * @param seed seed (the first one of an evaluation over several)
   * @param seeds how many seeds each scenario is played with: {@code seed, seed + 1, ...}
   * @param speed clock speed as given ({@code max}, {@code 1}, {@code 10})
   * @param lab where it plays: {@code embedded} or {@code containers}
   * @param user who started it
   * @param created epoch ms
   * @param started epoch ms, or null
   * @param finished epoch ms, or null
   * @param progress JSON, or null
   * @param summary JSON, or null
   * @param error JSON {code, message, remedy}, or null
   * @param rerunOf the job this one repeats, or null
   * @param name what people call it (set with PATCH), or null
   * @param note what people noted about it, or null
   */
  public record Job(
      String id,
      String kind,
      Status status,
      String architecture,
      String subject,
      String detection,
      long seed,
      int seeds,
      String speed,
      String lab,
      String user,
      long created,
      @Nullable Long started,
      @Nullable Long finished,
      @Nullable String progress,
      @Nullable String summary,
      @Nullable String error,
      @Nullable String rerunOf,
      @Nullable String name,
      @Nullable String note) {}

  /** A stored artifact's content. */
  public record Artifact(String name, String contentType, String body) {}

  @Inject Db db;

  public void insert(Job j) {
    db.update(
        "INSERT INTO jobs (id, kind, status, architecture, subject, detection, seed, seeds, speed,"
            + " lab, username, created_at, rerun_of) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        j.id(),
        j.kind(),
        j.status().name(),
        j.architecture(),
        j.subject(),
        j.detection(),
        j.seed(),
        j.seeds(),
        j.speed(),
        j.lab(),
        j.user(),
        j.created(),
        j.rerunOf());
  }

  public void started(String id, long at) {
    db.update(
        "UPDATE jobs SET status = ?, started_at = ? WHERE id = ?", Status.RUNNING.name(), at, id);
  }

  public void progress(String id, String progressJson) {
    db.update("UPDATE jobs SET progress = ? WHERE id = ?", progressJson, id);
  }

  public void finish(
      String id,
      Status status,
      long at,
      @Nullable String progress,
      @Nullable String summary,
      @Nullable String error) {
    db.update(
        "UPDATE jobs SET status = ?, finished_at = ?, progress = COALESCE(?, progress),"
            + " summary = ?, error = ? WHERE id = ?",
        status.name(),
        at,
        progress,
        summary,
        error,
        id);
  }

  /**
   * Sets the name and note people gave a job (null clears one).
   *
   * @return whether the job exists
   */
  public boolean label(String id, @Nullable String name, @Nullable String note) {
    return db.update("UPDATE jobs SET name = ?, note = ? WHERE id = ?", name, note, id) > 0;
  }

  /**
   * Marks every job that was queued or running when the service stopped as interrupted: its process
   * is gone, so it can never finish; a user can rerun it.
   */
  public int interruptLeftovers(long at) {
    return db.update(
        "UPDATE jobs SET status = ?, finished_at = ?, error = ? WHERE status IN (?, ?)",
        Status.INTERRUPTED.name(),
        at,
        "{\"code\":\"JOB_INTERRUPTED\",\"message\":\"The service stopped while this ran.\","
            + "\"remedy\":\"Rerun it (POST .../rerun); finished parts are kept.\"}",
        Status.QUEUED.name(),
        Status.RUNNING.name());
  }

  public Optional<Job> find(String id) {
    return db.query("SELECT * FROM jobs WHERE id = ?", Jobs::job, id).stream().findFirst();
  }

  /** Newest first, filtered by the non-null arguments. */
  public List<Job> list(
      String kind,
      @Nullable Status status,
      @Nullable String architecture,
      @Nullable String subject,
      int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM jobs WHERE kind = ?");
    List<Object> args = new ArrayList<>();
    args.add(kind);
    if (status != null) {
      sql.append(" AND status = ?");
      args.add(status.name());
    }
    if (architecture != null) {
      sql.append(" AND architecture = ?");
      args.add(architecture);
    }
    if (subject != null) {
      sql.append(" AND subject = ?");
      args.add(subject);
    }
    sql.append(" ORDER BY created_at DESC, id LIMIT ").append(limit);
    return db.query(sql.toString(), Jobs::job, args.toArray());
  }

  /**
   * Stores an artifact, compressed when large (see {@link ArtifactCodec}); replaces one of the
   * name.
   */
  public void putArtifact(String jobId, String name, String contentType, String body) {
    ArtifactCodec.Stored stored = ArtifactCodec.encode(body);
    // Delete then insert: portable across H2 and PostgreSQL (no MERGE/UPSERT dialects).
    db.update("DELETE FROM artifacts WHERE job_id = ? AND name = ?", jobId, name);
    db.update(
        "INSERT INTO artifacts (job_id, name, content_type, body, encoding, created_at)"
            + " VALUES (?,?,?,?,?,?)",
        jobId,
        name,
        contentType,
        stored.text(),
        stored.encoding(),
        System.currentTimeMillis());
  }

  /** An artifact's content as it was put, whatever its storage. */
  public Optional<Artifact> artifact(String jobId, String name) {
    return db
        .query(
            "SELECT name, content_type, body, encoding FROM artifacts WHERE job_id = ? AND name = ?",
            rs ->
                new Artifact(
                    rs.getString(1),
                    rs.getString(2),
                    ArtifactCodec.decode(rs.getString(4), rs.getString(3))),
            jobId,
            name)
        .stream()
        .findFirst();
  }

  /**
   * What one artifact takes in the database: characters stored, or empty when there is none. For
   * measurements and the deletion's audit entry.
   */
  public Optional<Long> storedChars(String jobId, String name) {
    return db
        .query(
            "SELECT LENGTH(body) FROM artifacts WHERE job_id = ? AND name = ?",
            rs -> rs.getLong(1),
            jobId,
            name)
        .stream()
        .findFirst();
  }

  /**
   * Compresses up to {@code max} artifacts that were stored plain before large ones were compressed
   * (rows from before migration V4).
   *
   * @return the rows compacted and the characters they took before and after
   */
  public long[] compactPlain(int max) {
    List<String[]> rows =
        db.query(
            "SELECT job_id, name FROM artifacts WHERE encoding = ? AND LENGTH(body) >= ?"
                + " ORDER BY job_id, name LIMIT "
                + max,
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            ArtifactCodec.PLAIN,
            ArtifactCodec.COMPRESS_FROM);
    long done = 0;
    long before = 0;
    long after = 0;
    for (String[] r : rows) {
      Optional<Artifact> a = artifact(r[0], r[1]);
      if (a.isEmpty()) {
        continue;
      }
      ArtifactCodec.Stored stored = ArtifactCodec.encode(a.get().body());
      // Only a row still plain: a concurrent rewrite of the artifact wins.
      if (db.update(
              "UPDATE artifacts SET body = ?, encoding = ?"
                  + " WHERE job_id = ? AND name = ? AND encoding = ?",
              stored.text(),
              stored.encoding(),
              r[0],
              r[1],
              ArtifactCodec.PLAIN)
          > 0) {
        done++;
        before += a.get().body().length();
        after += stored.text().length();
      }
    }
    return new long[] {done, before, after};
  }

  /** What was deleted with a job: its artifacts and the characters they took. */
  public record Deleted(Job job, long artifacts, long storedChars) {}

  /**
   * Deletes an ended job and its artifacts in one transaction. A job that is queued or running is
   * left alone (its runner still writes to it), whatever the caller checked before.
   *
   * @return what was deleted, or empty when there is no such ended job
   */
  public Optional<Deleted> delete(String id) {
    Optional<Job> job = find(id);
    if (job.isEmpty() || !job.get().status().done()) {
      return Optional.empty();
    }
    long[] size =
        db.query(
                "SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM artifacts WHERE job_id = ?",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                id)
            .get(0);
    int[] changed =
        db.transaction(
            new Db.Statement("DELETE FROM artifacts WHERE job_id = ?", id),
            new Db.Statement(
                "DELETE FROM jobs WHERE id = ? AND status NOT IN (?, ?)",
                id,
                Status.QUEUED.name(),
                Status.RUNNING.name()));
    if (changed[1] == 0) {
      return Optional.empty();
    }
    return Optional.of(new Deleted(job.get(), size[0], size[1]));
  }

  /** Ids of jobs that ended before {@code cutoff} (epoch ms), oldest first, at most {@code max}. */
  public List<String> endedBefore(long cutoff, int max) {
    return db.query(
        "SELECT id FROM jobs WHERE finished_at < ? AND status NOT IN (?, ?)"
            + " ORDER BY finished_at LIMIT "
            + max,
        rs -> rs.getString(1),
        cutoff,
        Status.QUEUED.name(),
        Status.RUNNING.name());
  }

  /** Queued and running jobs: the ones a deleted library file could still break. */
  public List<Job> active() {
    return db.query(
        "SELECT * FROM jobs WHERE status IN (?, ?)",
        Jobs::job,
        Status.QUEUED.name(),
        Status.RUNNING.name());
  }

  /** Names of a job's artifacts that start with a prefix. */
  public List<String> artifactNames(String jobId, String prefix) {
    return db.query(
        "SELECT name FROM artifacts WHERE job_id = ? AND name LIKE ? ORDER BY name",
        rs -> rs.getString(1),
        jobId,
        prefix + "%");
  }

  private static Job job(ResultSet rs) throws SQLException {
    return new Job(
        rs.getString("id"),
        rs.getString("kind"),
        Status.valueOf(rs.getString("status")),
        rs.getString("architecture"),
        rs.getString("subject"),
        rs.getString("detection"),
        rs.getLong("seed"),
        rs.getInt("seeds"),
        rs.getString("speed"),
        rs.getString("lab"),
        rs.getString("username"),
        rs.getLong("created_at"),
        nullableLong(rs, "started_at"),
        nullableLong(rs, "finished_at"),
        rs.getString("progress"),
        rs.getString("summary"),
        rs.getString("error"),
        rs.getString("rerun_of"),
        rs.getString("name"),
        rs.getString("note"));
  }

  private static @Nullable Long nullableLong(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }
}
