package dev.otlab.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otlab.core.OtlabException;
import java.io.IOException;

/** The one JSON mapper of sweeps: plans and unit results as a store keeps them. */
final class Json {

  private Json() {}

  /**
   * Compact (a store holds thousands of results), with map entries by key: a map read back may
   * iterate in another order, and the same value must give the same text. Unknown fields are
   * skipped so derived values a newer otlab writes do not break an older reader.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("a sweep value always serialises", e);
    }
  }

  static <T> T read(String json, Class<T> type, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new OtlabException(
          "SWEEP_JSON_INVALID",
          "Cannot read " + what + " from its JSON: " + e.getMessage(),
          "Store results written by this version of otlab; a sweep stored by another version"
              + " must be played again.",
          e);
    }
  }
}
