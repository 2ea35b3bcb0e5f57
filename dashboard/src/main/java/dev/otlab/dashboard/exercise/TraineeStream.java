package dev.otlab.dashboard.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.jobs.LiveChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One trainee's live stream: the lab's channel through {@link TraineeView}, with the exercise's
 * hints as {@code hint} events ({@code {index, text, at}}) when the trainer releases one or the
 * lab's time reaches it.
 *
 * <p>A channel replays its history to a new subscriber, and that history keeps the attacker's
 * {@code flows} entries apart from the plant's: a replayed {@code flows} event would show the
 * attacker's routes by being replayed at all, so the replay's flows are dropped.
 */
final class TraineeStream implements LiveChannel.Subscriber {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ExerciseSpec.Hint> hints;
  private final Set<Integer> sent = ConcurrentHashMap.newKeySet();
  private final LiveChannel.Subscriber out;
  private volatile boolean replaying;
  private volatile Runnable onClose = () -> {};
  private volatile @Nullable LiveChannel channel;

  TraineeStream(List<ExerciseSpec.Hint> hints, Set<Integer> released, LiveChannel.Subscriber out) {
    this.hints = hints;
    this.out = out;
    released.forEach(i -> hint(i, hints.get(i)));
  }

  /** Subscribes to {@code channel}; {@code onClose} runs when the stream ends or is detached. */
  void attach(LiveChannel channel, Runnable onClose) {
    this.onClose = onClose;
    this.channel = channel;
    replaying = true;
    try {
      channel.subscribe(this);
    } finally {
      replaying = false;
    }
  }

  @Override
  public void send(LiveChannel.Event e) {
    if (replaying && e.type().equals("flows")) {
      return;
    }
    if (e.type().equals("sample")) {
      timedHints(e);
    }
    TraineeView.filter(e).ifPresent(out::send);
  }

  /** The trainee went away: no more events, nothing kept for them. */
  void detach() {
    LiveChannel c = channel;
    if (c != null) {
      c.unsubscribe(this);
    }
    onClose.run();
  }

  @Override
  public void close() {
    onClose.run();
    out.close();
  }

  /** Sends a hint once. */
  void hint(int index, ExerciseSpec.Hint hint) {
    if (!sent.add(index)) {
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("index", index);
    n.put("text", hint.text());
    if (hint.at() == null) {
      n.putNull("at");
    } else {
      n.put("at", hint.at());
    }
    out.send(new LiveChannel.Event("hint", n.toString()));
  }

  private void timedHints(LiveChannel.Event e) {
    double t;
    try {
      JsonNode n = JSON.readTree(e.data());
      t = n.path("t").asDouble(-1);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      return;
    }
    for (int i = 0; i < hints.size(); i++) {
      Double at = hints.get(i).at();
      if (at != null && t >= at) {
        hint(i, hints.get(i));
      }
    }
  }
}
