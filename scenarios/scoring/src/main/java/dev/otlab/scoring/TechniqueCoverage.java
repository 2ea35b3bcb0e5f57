package dev.otlab.scoring;

import dev.otlab.attacks.TechniqueCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the architecture and detection profile fared against one ATT&amp;CK for ICS technique over
 * the suite: of the step runs using it, how many were stopped (blocked or failed) and how many were
 * detected (a true alert linked to the step). Score = 100 x (stopped or detected) / ran.
 *
 * @param technique id
 * @param name ATT&amp;CK name
 * @param tactics ATT&amp;CK tactics
 * @param ran step runs that ran (not NOT_RUN)
 * @param stopped blocked or failed
 * @param detected with a true alert
 * @param covered stopped or detected
 * @param score 100 x covered / ran
 * @param stoppedAt {@code conduit/rule} that stopped it, with counts
 * @param detectedBy {@code detector/rule} that saw it
 * @param scenarios scenarios using it
 */
public record TechniqueCoverage(
    String technique,
    String name,
    List<String> tactics,
    int ran,
    int stopped,
    int detected,
    int covered,
    double score,
    Map<String, Integer> stoppedAt,
    List<String> detectedBy,
    List<String> scenarios) {

  public TechniqueCoverage {
    tactics = List.copyOf(tactics);
    stoppedAt = Map.copyOf(stoppedAt);
    detectedBy = List.copyOf(detectedBy);
    scenarios = List.copyOf(scenarios);
  }

  public static List<TechniqueCoverage> of(List<Scorecard> cards, TechniqueCatalogue catalogue) {
    TreeMap<String, int[]> counts = new TreeMap<>();
    TreeMap<String, TreeMap<String, Integer>> stoppedAt = new TreeMap<>();
    TreeMap<String, TreeSet<String>> detectedBy = new TreeMap<>();
    TreeMap<String, TreeSet<String>> scenarios = new TreeMap<>();
    for (Scorecard c : cards) {
      for (Scorecard.StepVerdict s : c.steps()) {
        if (s.outcome().equals("NOT_RUN")) {
          continue;
        }
        String t = s.technique();
        int[] n = counts.computeIfAbsent(t, k -> new int[3]);
        stoppedAt.computeIfAbsent(t, k -> new TreeMap<>());
        detectedBy.computeIfAbsent(t, k -> new TreeSet<>());
        scenarios.computeIfAbsent(t, k -> new TreeSet<>()).add(c.scenario());
        boolean stopped = s.outcome().equals("BLOCKED") || s.outcome().equals("FAILED");
        boolean detected = !s.detectedBy().isEmpty();
        n[0]++;
        n[1] += stopped ? 1 : 0;
        n[2] += detected ? 1 : 0;
        if (stopped) {
          String where =
              s.outcome().equals("BLOCKED") ? s.blockedWhere() : "failed: device or posture";
          stoppedAt.get(t).merge(where, 1, Integer::sum);
        }
        detectedBy.get(t).addAll(s.detectedBy());
      }
    }
    List<TechniqueCoverage> out = new ArrayList<>();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      String t = e.getKey();
      int ran = e.getValue()[0];
      int covered = 0;
      for (Scorecard c : cards) {
        for (Scorecard.StepVerdict s : c.steps()) {
          if (s.technique().equals(t)
              && !s.outcome().equals("NOT_RUN")
              && (s.outcome().equals("BLOCKED")
                  || s.outcome().equals("FAILED")
                  || !s.detectedBy().isEmpty())) {
            covered++;
          }
        }
      }
      var entry = catalogue.entry(t);
      out.add(
          new TechniqueCoverage(
              t,
              entry.map(TechniqueCatalogue.Entry::name).orElse(t),
              entry.map(TechniqueCatalogue.Entry::tactics).orElse(List.of()),
              ran,
              e.getValue()[1],
              e.getValue()[2],
              covered,
              SubScores.round(100.0 * covered / ran),
              stoppedAt.get(t),
              List.copyOf(detectedBy.get(t)),
              List.copyOf(scenarios.get(t))));
    }
    return out;
  }
}
