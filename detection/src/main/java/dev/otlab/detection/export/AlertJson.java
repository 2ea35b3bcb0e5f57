package dev.otlab.detection.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.detection.Alert;
import java.util.List;

/**
 * Alerts as JSON lines: one object per line, fields as in {@link Alert}, for example
 *
 * <pre>
 * {"id":"A-0001","time":61.2,"lastTime":63.9,"detector":"rules","rule":"write-flood",
 *  "severity":"HIGH","techniques":["T0806"],"sourceHost":"hmi-1","destinationHost":"plc-treatment",
 *  "summary":"write-flood: 20 writes within 10 s from hmi-1 to plc-treatment (200 times)",
 *  "count":200,"evidence":[{"time":61.2,"kind":"event","connection":"ops-control#7",
 *  "description":"FC05 WRITE_SINGLE_COIL unit 2 0+1 ..."}]}
 * </pre>
 *
 * (one line in the file; wrapped here).
 */
public final class AlertJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertJson() {}

  /** One alert as one line of JSON (no line break). */
  public static String line(Alert alert) {
    try {
      return JSON.writeValueAsString(alert);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert is plain data", e);
    }
  }

  /** Alerts as JSON lines, each line ending with a line break. */
  public static String lines(List<Alert> alerts) {
    StringBuilder sb = new StringBuilder();
    for (Alert a : alerts) {
      sb.append(line(a)).append('\n');
    }
    return sb.toString();
  }

  /** Reads one line written by {@link #line}. */
  public static Alert parse(String line) {
    try {
      return JSON.readValue(line, Alert.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an alert line: " + e.getOriginalMessage(), e);
    }
  }
}
