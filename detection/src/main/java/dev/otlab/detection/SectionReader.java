package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link DetectorKind} reads its sections of a profile file. The profile's JSON Schema (the
 * kind's fragment) has checked the structure before, so the getters fall back quietly where the
 * tree breaks it; a kind reports only what a schema cannot say (duplicate ids, references, a
 * record's own checks) with {@link #problem}, and every problem reaches the user at once with its
 * path and a fix. The library's loader implements it.
 */
public interface SectionReader {

  /** Records a problem at {@code path} ({@code rates[2].window}); {@code fix} is one sentence. */
  void problem(String path, String message, String fix);

  /** Whether any problem has been recorded so far, by any kind. */
  boolean hasProblems();

  /** A plain value, or {@code fallback} ({@code ""} if none). */
  String text(JsonNode parent, String path, String field, @Nullable String fallback);

  /** A finite number, or {@code fallback} (0 if none). */
  double number(JsonNode parent, String path, String field, @Nullable Double fallback);

  /** A whole number, or {@code fallback}. */
  int integer(JsonNode parent, String path, String field, int fallback);

  /** True or false, or {@code fallback}. */
  boolean bool(JsonNode parent, String field, boolean fallback);

  /** The constant spelled by the field; the schema lists the allowed spellings. */
  <E> E choice(JsonNode parent, String field, Map<String, E> allowed, @Nullable String fallback);

  /** Each item of a list with its path; anything but a list is the schema's to report. */
  void list(JsonNode parent, String path, String field, BiConsumer<JsonNode, String> each);

  /** A mapping of names to finite numbers. */
  Map<String, Double> numbers(JsonNode parent, String path, String field);

  /**
   * Seconds in a duration ({@code 90}, {@code 90s}, {@code 15m}, {@code 1h30m}); a problem at
   * {@code path} and 0 when it is not one.
   */
  double seconds(String text, String path);

  /** Builds a settings record; what the record itself refuses becomes a problem at {@code path}. */
  default <T> @Nullable T build(String path, Supplier<T> make) {
    try {
      return make.get();
    } catch (OtlabException e) {
      problem(path, e.getMessage(), e.remedy());
      return null;
    }
  }

  /** {@code a.b} from {@code a} and {@code b}; a top-level field is its own path. */
  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Enum constants by their YAML spelling ({@code holding-register}). */
  static <E extends Enum<E>> Map<String, E> byYamlName(E[] values) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E e : values) {
      m.put(e.name().toLowerCase(Locale.ROOT).replace('_', '-'), e);
    }
    return m;
  }
}
