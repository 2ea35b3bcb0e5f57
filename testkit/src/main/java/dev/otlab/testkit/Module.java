package dev.otlab.testkit;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The modules of otlab, the package each one owns, and the modules each may use directly. This is
 * the one statement of the dependency graph (docs/architecture.md draws it); {@link ModuleRules}
 * holds every module's classes to it.
 *
 * <p>A module may only name modules declared above it: Java refuses a forward reference between
 * enum constants, so the graph cannot grow a cycle without this file failing to compile.
 */
public enum Module {
  /** The error type and its registry, Lifecycle, socket helpers: what every module shares. */
  CORE("core", "dev.otlab.core"),
  /** Process models (ODEs) as plug-in kinds that describe themselves. */
  PROCESS("process", "dev.otlab.process", CORE),
  /** Lab clock, soft PLCs and SIS, Modbus TCP and OPC UA, plants assembled from specs. */
  SIMULATOR("simulator", "dev.otlab.simulator", PROCESS),
  /** Architecture specs, conduit relays with inspection and taps, the embedded fabric, AitM. */
  NETWORK("network", "dev.otlab.network", SIMULATOR),
  /** Benign operations: HMI, historian and engineering workstation traffic. */
  OPERATIONS("operations", "dev.otlab.operations", NETWORK),
  /** ATT&CK for ICS techniques with real protocol clients, and the range guardrail. */
  ATTACKS("attacks", "dev.otlab.attacks", NETWORK),
  /** Protocol-event rules, learned baseline, process-aware detectors, alert export. */
  DETECTION("detection", "dev.otlab.detection", NETWORK),
  /** The YAML library, its schemas and the loaders that validate it. */
  LIBRARY("scenarios/library", "dev.otlab.library", ATTACKS, DETECTION),
  /** The lab orchestrator, scenario runs, run traces and ground truth. */
  LAB("scenarios/lab", "dev.otlab.lab", LIBRARY, OPERATIONS),
  /** Scorecards, evaluations, comparisons, static architecture checks. */
  SCORING("scenarios/scoring", "dev.otlab.scoring", LAB),
  /** Container node roles, container wiring, compose generation. */
  CONTAINERS("scenarios/containers", "dev.otlab.containers", LAB),
  /** Sweeps: many evaluations expanded into units, played by an engine, stored, scored. */
  SWEEP("scenarios/sweep", "dev.otlab.sweep", SCORING),
  /** Sweeps as Docker Swarm replicated-job tasks, with their results in PostgreSQL. */
  SWARM("scenarios/swarm", "dev.otlab.swarm", SWEEP),
  /** The picocli command line. */
  CLI("scenarios/cli", "dev.otlab.cli", SCORING, CONTAINERS, SWEEP, SWARM),
  /** The Quarkus service and web UI. */
  DASHBOARD("dashboard", "dev.otlab.dashboard", SCORING, CONTAINERS, SWEEP),
  /**
   * The lab's speed benchmark (bench/run): it builds and launches the command line, and measures
   * the plant, runs and relays in process.
   */
  BENCH("bench", "dev.otlab.bench", CLI);

  private final String folder;
  private final String rootPackage;
  private final List<Module> uses;

  Module(String folder, String rootPackage, Module... uses) {
    this.folder = folder;
    this.rootPackage = rootPackage;
    this.uses = List.of(uses);
  }

  /** Where the module lives, relative to the repository root. */
  public String folder() {
    return folder;
  }

  /** The package the module owns, with all its subpackages. */
  public String rootPackage() {
    return rootPackage;
  }

  /** The modules this one names in its POM. */
  public List<Module> uses() {
    return uses;
  }

  /** Every module this one may reach, directly or through the modules it uses. */
  public Set<Module> reach() {
    Set<Module> all = EnumSet.noneOf(Module.class);
    for (Module m : uses) {
      all.add(m);
      all.addAll(m.reach());
    }
    return all;
  }
}
