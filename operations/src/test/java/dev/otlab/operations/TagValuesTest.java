package dev.otlab.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact values of an operation record read as the linked hash map they replaced. */
class TagValuesTest {

  private static LinkedHashMap<String, Double> polled() {
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    m.put("pump_cmd", 1.0);
    m.put("level_sp", 2.5);
    m.put("kp", Double.NaN);
    m.put("flow_limit", -0.0);
    return m;
  }

  @Test
  void readsAsTheMapItWasCopiedFrom() {
    LinkedHashMap<String, Double> from = polled();
    Map<String, Double> copy = TagValues.copyOf(from);

    assertThat(copy).isInstanceOf(TagValues.class).isEqualTo(from);
    assertThat(from).isEqualTo(copy);
    assertThat(copy.hashCode()).isEqualTo(from.hashCode());
    assertThat(copy.toString()).isEqualTo(from.toString());
    assertThat(List.copyOf(copy.keySet()))
        .containsExactly("pump_cmd", "level_sp", "kp", "flow_limit");
    assertThat(copy.get("level_sp")).isEqualTo(2.5);
    assertThat(copy.get("kp")).isNaN();
    assertThat(copy.get("absent")).isNull();
    assertThat(copy.containsKey("flow_limit")).isTrue();
    assertThat(copy.containsKey(null)).isFalse();
    assertThat(List.copyOf(copy.entrySet())).isEqualTo(List.copyOf(from.entrySet()));
  }

  @Test
  void isACopyAndCannotBeChanged() {
    LinkedHashMap<String, Double> from = polled();
    Map<String, Double> copy = TagValues.copyOf(from);
    from.put("level_sp", 9.0);

    assertThat(copy.get("level_sp")).isEqualTo(2.5);
    assertThatThrownBy(() -> copy.put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(3.0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(TagValues.copyOf(copy)).isSameAs(copy);
    assertThat(TagValues.copyOf(Map.of())).isEmpty();
  }

  @Test
  void aNullValueKeepsTheOrderedCopy() {
    Map<String, Double> withNull = new HashMap<>();
    withNull.put("a", null);
    Map<String, Double> copy = TagValues.copyOf(withNull);

    assertThat(copy).isNotInstanceOf(TagValues.class).containsEntry("a", null);
  }
}
