package dev.otlab.dashboard.exercise;

import dev.otlab.dashboard.store.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Rows of exercises, their trainees, their labs and what was done in them (migration V7). */
@ApplicationScoped
public class Exercises {

  /** Where an exercise stands. */
  public enum State {
    DRAFT,
    RUNNING,
    PAUSED,
    FINISHED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One exercise; {@code spec} is {@link ExerciseSpec#toJson()}. */
  public record Exercise(
      String id,
      String title,
      String spec,
      State state,
      String user,
      long created,
      @Nullable Long started,
      @Nullable Long finished,
      @Nullable String baselineJob) {}

  /** A trainee who joined, alone ({@code team} null) or in a team, and the lab they play in. */
  public record Trainee(String user, @Nullable String team, String lab, long joined) {}

  /** A lab of an exercise: the run job it plays, and the alerts' ground truth once it ended. */
  public record Lab(String lab, String jobId, @Nullable String alerts) {}

  /** Something done in an exercise, by a trainee or the trainer. */
  public record Action(
      long id,
      String user,
      @Nullable String lab,
      String kind,
      @Nullable Double simTime,
      long at,
      String body,
      @Nullable String truth) {}

  @Inject Db db;

  public void insert(Exercise e) {
    db.update(
        "INSERT INTO exercises (id, title, spec, state, username, created_at) VALUES (?,?,?,?,?,?)",
        e.id(),
        e.title(),
        e.spec(),
        e.state().name(),
        e.user(),
        e.created());
  }

  public Optional<Exercise> find(String id) {
    return db.query("SELECT * FROM exercises WHERE id = ?", Exercises::exercise, id).stream()
        .findFirst();
  }

  public List<Exercise> list(int limit) {
    return db.query(
        "SELECT * FROM exercises ORDER BY created_at DESC, id LIMIT ?", Exercises::exercise, limit);
  }

  /** Moves an exercise from one state to another; false when it was not in {@code from}. */
  public boolean transition(String id, State from, State to) {
    long now = System.currentTimeMillis();
    String times =
        switch (to) {
          case RUNNING -> from == State.DRAFT ? ", started_at = " + now : "";
          case FINISHED -> ", finished_at = " + now;
          case DRAFT -> ", started_at = NULL";
          default -> "";
        };
    return db.update(
            "UPDATE exercises SET state = ?" + times + " WHERE id = ? AND state = ?",
            to.name(),
            id,
            from.name())
        == 1;
  }

  public void baseline(String id, String jobId) {
    db.update("UPDATE exercises SET baseline_job = ? WHERE id = ?", jobId, id);
  }

  /** Adds a trainee; false when they had joined already. */
  public boolean join(String id, Trainee t) {
    if (trainee(id, t.user()).isPresent()) {
      return false;
    }
    db.update(
        "INSERT INTO exercise_trainees (exercise_id, username, team, lab, joined_at)"
            + " VALUES (?,?,?,?,?)",
        id,
        t.user(),
        t.team(),
        t.lab(),
        t.joined());
    return true;
  }

  public List<Trainee> trainees(String id) {
    return db.query(
        "SELECT * FROM exercise_trainees WHERE exercise_id = ? ORDER BY joined_at, username",
        rs ->
            new Trainee(
                rs.getString("username"),
                rs.getString("team"),
                rs.getString("lab"),
                rs.getLong("joined_at")),
        id);
  }

  public Optional<Trainee> trainee(String id, String user) {
    return trainees(id).stream().filter(t -> t.user().equals(user)).findFirst();
  }

  /** The exercises a trainee joined. */
  public List<String> joined(String user) {
    return db.query(
        "SELECT exercise_id FROM exercise_trainees WHERE username = ?",
        rs -> rs.getString(1),
        user);
  }

  public void addLab(String id, String lab, String jobId) {
    db.update(
        "INSERT INTO exercise_labs (exercise_id, lab, job_id) VALUES (?,?,?)", id, lab, jobId);
  }

  public void removeLabs(String id) {
    db.update("DELETE FROM exercise_labs WHERE exercise_id = ?", id);
  }

  public void labAlerts(String id, String lab, String alertsJson) {
    db.update(
        "UPDATE exercise_labs SET alerts = ? WHERE exercise_id = ? AND lab = ?",
        alertsJson,
        id,
        lab);
  }

  public List<Lab> labs(String id) {
    return db.query(
        "SELECT * FROM exercise_labs WHERE exercise_id = ? ORDER BY lab",
        rs -> new Lab(rs.getString("lab"), rs.getString("job_id"), rs.getString("alerts")),
        id);
  }

  public void act(
      String id,
      String user,
      @Nullable String lab,
      String kind,
      @Nullable Double simTime,
      String body,
      @Nullable String truth) {
    db.update(
        "INSERT INTO exercise_actions (exercise_id, username, lab, kind, sim_time, at, body, truth)"
            + " VALUES (?,?,?,?,?,?,?,?)",
        id,
        user,
        lab,
        kind,
        simTime,
        System.currentTimeMillis(),
        body,
        truth);
  }

  /** Everything done in an exercise, in the order it was done. */
  public List<Action> actions(String id) {
    return db.query(
        "SELECT * FROM exercise_actions WHERE exercise_id = ? ORDER BY id",
        rs -> {
          double sim = rs.getDouble("sim_time");
          Double simTime = rs.wasNull() ? null : sim;
          return new Action(
              rs.getLong("id"),
              rs.getString("username"),
              rs.getString("lab"),
              rs.getString("kind"),
              simTime,
              rs.getLong("at"),
              rs.getString("body"),
              rs.getString("truth"));
        },
        id);
  }

  private static Exercise exercise(ResultSet rs) throws SQLException {
    long started = rs.getLong("started_at");
    Long s = rs.wasNull() ? null : started;
    long finished = rs.getLong("finished_at");
    Long f = rs.wasNull() ? null : finished;
    return new Exercise(
        rs.getString("id"),
        rs.getString("title"),
        rs.getString("spec"),
        State.valueOf(rs.getString("state")),
        rs.getString("username"),
        rs.getLong("created_at"),
        s,
        f,
        rs.getString("baseline_job"));
  }
}
