package dev.otlab.cli;

import dev.otlab.core.OtlabException;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plc.SoftPlc;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one CSV row per sample: simulated time, every true process value (no measurement noise)
 * and every controller memory point (setpoints, modes, trips). A column is named after its tag; a
 * controller tag whose name another controller also uses is prefixed with the controller id.
 */
final class PlantCsv implements AutoCloseable {

  private final Plant plant;
  private final BufferedWriter out;
  private final List<String> processColumns;
  private final Map<String, String[]> memoryColumns = new LinkedHashMap<>();

  PlantCsv(Plant plant, Path file) {
    this.plant = plant;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = Files.newBufferedWriter(file);
    } catch (IOException e) {
      throw new OtlabException(
          "CSV_UNWRITABLE",
          "Cannot write " + file + ": " + e.getMessage(),
          "Choose a writable path for --csv.",
          e);
    }
    processColumns = new ArrayList<>(plant.processValues().keySet());
    Set<String> taken = new HashSet<>(processColumns);
    Map<String, Integer> uses = new LinkedHashMap<>();
    for (SoftPlc plc : plant.controllers()) {
      for (PointBinding b : plant.spec().controller(plc.id()).orElseThrow().points()) {
        if (b.input() == null && b.output() == null) {
          uses.merge(b.point().tag(), 1, Integer::sum);
        }
      }
    }
    for (SoftPlc plc : plant.controllers()) {
      for (PointBinding b : plant.spec().controller(plc.id()).orElseThrow().points()) {
        if (b.input() != null || b.output() != null) {
          continue;
        }
        String tag = b.point().tag();
        String column = uses.get(tag) > 1 || taken.contains(tag) ? plc.id() + "." + tag : tag;
        memoryColumns.put(column, new String[] {plc.id(), tag});
      }
    }
    List<String> header = new ArrayList<>();
    header.add("time_s");
    header.addAll(processColumns);
    header.addAll(memoryColumns.keySet());
    line(String.join(",", header));
  }

  void sample() {
    StringBuilder sb = new StringBuilder();
    sb.append(format(plant.clock().now()));
    Map<String, Double> v = plant.processValues();
    for (String c : processColumns) {
      sb.append(',').append(format(v.getOrDefault(c, Double.NaN)));
    }
    for (String[] ref : memoryColumns.values()) {
      sb.append(',').append(format(plant.controller(ref[0]).image().get(ref[1])));
    }
    line(sb.toString());
  }

  private static String format(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(Math.round(d * 1e6) / 1e6);
  }

  private void line(String s) {
    try {
      out.write(s);
      out.newLine();
    } catch (IOException e) {
      throw new OtlabException(
          "CSV_UNWRITABLE",
          "Writing the CSV failed: " + e.getMessage(),
          "Check free disk space.",
          e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new OtlabException(
          "CSV_UNWRITABLE",
          "Closing the CSV failed: " + e.getMessage(),
          "Check free disk space.",
          e);
    }
  }
}
