package dev.otlab.operations;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable map from tag to value that keeps insertion order in two arrays: what an operation
 * record holds. A run keeps tens of thousands of records of a handful of tags each; a linked hash
 * map of boxed doubles spent about 60 bytes a tag and a hash table per record, this spends 16. Look
 * ups scan the keys, which suits a controller's few points; it reads like any other map (iteration
 * order, {@code equals}, {@code hashCode}, {@code toString}, JSON).
 */
final class TagValues extends AbstractMap<String, Double> {

  private final String[] tags;
  private final double[] values;

  private TagValues(String[] tags, double[] values) {
    this.tags = tags;
    this.values = values;
  }

  /**
   * The same entries in the same order, or an unmodifiable copy of {@code from} when it holds a
   * null (which two arrays of doubles cannot).
   */
  static Map<String, Double> copyOf(Map<String, Double> from) {
    if (from instanceof TagValues t) {
      return t;
    }
    String[] tags = new String[from.size()];
    double[] values = new double[tags.length];
    int i = 0;
    for (Map.Entry<String, Double> e : from.entrySet()) {
      if (e.getKey() == null || e.getValue() == null || i == tags.length) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(from));
      }
      tags[i] = e.getKey();
      values[i] = e.getValue();
      i++;
    }
    return i == tags.length
        ? new TagValues(tags, values)
        : Collections.unmodifiableMap(new LinkedHashMap<>(from));
  }

  private int indexOf(@Nullable Object tag) {
    for (int i = 0; i < tags.length; i++) {
      if (tags[i].equals(tag)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return tags.length;
  }

  @Override
  public boolean containsKey(@Nullable Object tag) {
    return indexOf(tag) >= 0;
  }

  @Override
  public @Nullable Double get(@Nullable Object tag) {
    int i = indexOf(tag);
    return i < 0 ? null : values[i];
  }

  @Override
  public Set<Map.Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return tags.length;
      }

      @Override
      public Iterator<Map.Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < tags.length;
          }

          @Override
          public Map.Entry<String, Double> next() {
            if (next >= tags.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(tags[i], values[i]);
          }
        };
      }
    };
  }
}
