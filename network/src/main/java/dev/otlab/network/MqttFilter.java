package dev.otlab.network;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Deep-packet-inspection limits of an MQTT rule: which topics a client may publish to or subscribe
 * to, and in which direction. Connecting, pinging, acknowledging, unsubscribing and disconnecting
 * always pass an allowed connection; without them no client works.
 *
 * <p>A PUBLISH passes when its topic matches one of the filters (MQTT matching: {@code +} one
 * level, {@code #} the rest; a topic starting with {@code $} is not matched by a wildcard in the
 * first level). A SUBSCRIBE passes when every topic its filter can match is matched by one of the
 * rule's filters ({@link #covers}): a rule {@code site/#} admits a subscription {@code
 * site/+/level} but not {@code #}.
 *
 * @param topics MQTT topic filters (empty: every topic)
 * @param direction publish, subscribe or either
 */
public record MqttFilter(List<String> topics, MqttDirection direction) {

  public MqttFilter {
    topics = List.copyOf(topics);
    for (String t : topics) {
      String problem = filterProblem(t);
      if (problem != null) {
        throw new IllegalArgumentException("topic filter '" + t + "' " + problem);
      }
    }
  }

  /**
   * Why {@code filter} is not a valid MQTT topic filter, or null when it is: not empty, at most
   * 65535 UTF-8 bytes, no NUL, {@code +} alone in its level, {@code #} alone in the last level.
   */
  public static @Nullable String filterProblem(String filter) {
    if (filter.isEmpty()) {
      return "is empty";
    }
    if (filter.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
      return "is longer than 65535 bytes";
    }
    if (filter.indexOf('\0') >= 0) {
      return "contains a NUL character";
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
        return "uses # other than as the whole last level";
      }
      if (level.contains("+") && !level.equals("+")) {
        return "uses + other than as a whole level";
      }
    }
    return null;
  }

  /** Whether {@code topic} (a topic name, no wildcards) is one a publish may name. */
  public static boolean isTopicName(String topic) {
    return !topic.isEmpty()
        && topic.indexOf('+') < 0
        && topic.indexOf('#') < 0
        && topic.indexOf('\0') < 0;
  }

  /** Whether the rule lets a client publish to {@code topic}. */
  public boolean allowsPublish(String topic) {
    if (direction == MqttDirection.SUBSCRIBE) {
      return false;
    }
    if (topics.isEmpty()) {
      return true;
    }
    for (String f : topics) {
      if (matches(f, topic)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the rule lets a client subscribe with {@code subscription} (a topic filter). */
  public boolean allowsSubscribe(String subscription) {
    if (direction == MqttDirection.PUBLISH) {
      return false;
    }
    if (topics.isEmpty()) {
      return true;
    }
    for (String f : topics) {
      if (covers(f, subscription)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the topic filter {@code filter} matches the topic name {@code topic}. */
  public static boolean matches(String filter, String topic) {
    return covers(filter, topic);
  }

  /**
   * Whether every topic {@code inner} matches is matched by {@code outer} (both topic filters; a
   * topic name is a filter that matches itself). Level by level: {@code #} in {@code outer} covers
   * the rest, {@code +} covers any one level but not a {@code #}, a literal only itself; a {@code
   * $} topic is not covered by a wildcard first level.
   */
  public static boolean covers(String outer, String inner) {
    String[] o = outer.split("/", -1);
    String[] n = inner.split("/", -1);
    if ((o[0].equals("#") || o[0].equals("+")) && n[0].startsWith("$")) {
      return false;
    }
    for (int i = 0; i < o.length; i++) {
      if (o[i].equals("#")) {
        return true;
      }
      if (i >= n.length) {
        return false;
      }
      if (n[i].equals("#")) {
        return false;
      }
      if (o[i].equals("+")) {
        continue;
      }
      if (!o[i].equals(n[i])) {
        return false;
      }
    }
    return o.length == n.length;
  }
}
