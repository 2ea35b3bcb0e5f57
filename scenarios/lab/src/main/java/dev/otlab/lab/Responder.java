package dev.otlab.lab;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ResponseAction;
import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.Protocol;
import dev.otlab.network.ResponseRules;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.fabric.RuleChange;
import dev.otlab.operations.BenignOperations;
import dev.otlab.operations.OperationRecord;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.ControlBlock;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.ProgramCodec;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ResponseDesk} of a running lab: schedules each action on the lab clock at the time
 * asked for, carries it out there (on the clock thread, between the lab's other tasks, so the same
 * seed gives the same responses), and records it: done with its side effects, or refused with why
 * and what to do instead. {@link #act} is safe from any thread; a person at the dashboard acts from
 * an HTTP thread while a playbook acts from the clock thread.
 *
 * <p>What it changes: conduit rules through the lab's network ({@code LabNetwork}: isolate, block,
 * tighten, kill), the controllers of the plant (safe state, golden program, SIS reset), the
 * accounts ({@link Accounts}), and an HMI's real Modbus writes through the benign operations (an
 * operator action, labelled benign).
 */
public final class Responder implements ResponseDesk {

  private final LabClock clock;
  private final ArchitectureSpec architecture;
  private final PlantSpec plant;
  private final Lab lab;
  private final Accounts accounts;
  private final Supplier<@Nullable BenignOperations> benign;
  private final Consumer<ResponseRecord> sink;
  private final List<ResponseRecord> records = new ArrayList<>();
  // Asked for and not yet due, in the order asked: what a run that ends first never carried out.
  private final List<Pending> pending = new ArrayList<>();
  private boolean closed;

  private record Pending(
      double requested, double due, String who, String why, ResponseAction action) {}

  Responder(
      LabClock clock,
      ArchitectureSpec architecture,
      PlantSpec plant,
      Lab lab,
      Accounts accounts,
      Supplier<@Nullable BenignOperations> benign,
      Consumer<ResponseRecord> sink) {
    this.clock = clock;
    this.architecture = architecture;
    this.plant = plant;
    this.lab = lab;
    this.accounts = accounts;
    this.benign = benign;
    this.sink = sink;
  }

  @Override
  public double now() {
    return clock.now();
  }

  @Override
  public void act(ResponseAction action, String who, String why, double delaySeconds) {
    if (!(delaySeconds >= 0) || !Double.isFinite(delaySeconds)) {
      throw new OtlabException(
          "RESPONSE_DELAY_INVALID",
          "A response's delay is " + delaySeconds + " s.",
          "Give a delay of zero or more simulated seconds.");
    }
    if (who == null || who.isBlank()) {
      throw new OtlabException(
          "RESPONSE_WHO_MISSING",
          "A response does not say who acts.",
          "Name who acts: playbook:<id>, user:<name> or cli.");
    }
    double requested = clock.now();
    Pending p =
        new Pending(requested, requested + delaySeconds, who, why == null ? "" : why, action);
    synchronized (this) {
      if (closed) {
        throw new OtlabException(
            "RUN_NOT_RUNNING",
            "The run has ended, so nothing can be done to its lab (" + action.describe() + ").",
            "Act while the run plays: after it started and before it ended.");
      }
      pending.add(p);
    }
    clock.scheduleAt(
        "response:" + action.kind(),
        Phase.OUTPUTS,
        p.due(),
        () -> {
          synchronized (this) {
            if (!pending.remove(p)) {
              return;
            }
          }
          carryOut(p.requested(), p.who(), p.why(), p.action());
        });
  }

  /**
   * The run ended: every action asked for and not yet due is recorded as not carried out, in the
   * order asked, and nothing more is taken.
   */
  void close() {
    List<Pending> left;
    synchronized (this) {
      closed = true;
      left = List.copyOf(pending);
      pending.clear();
    }
    for (Pending p : left) {
      record(
          p.requested(),
          p.who(),
          p.why(),
          p.action(),
          Result.refused(
              String.format(
                  Locale.ROOT,
                  "the run ended at t=%.0f s, before this was due at t=%.0f s; ask with a"
                      + " shorter delay",
                  clock.now(),
                  p.due())));
    }
  }

  @Override
  public void later(String what, double delaySeconds, Runnable task) {
    clock.scheduleAt("defender:" + what, Phase.OUTPUTS, clock.now() + delaySeconds, task);
  }

  @Override
  public ArchitectureSpec architecture() {
    return architecture;
  }

  @Override
  public PlantSpec plant() {
    return plant;
  }

  @Override
  public synchronized List<ResponseRecord> responses() {
    return List.copyOf(records);
  }

  /** What an action did: done or refused, a sentence, side effects. */
  private record Result(boolean done, String result, List<String> effects) {
    static Result refused(String why) {
      return new Result(false, why, List.of());
    }
  }

  /** Carries {@code action} out now, on the clock thread, and records it. */
  void carryOut(double requested, String who, String why, ResponseAction action) {
    Result r;
    Optional<String> refusal = refusal(action);
    if (refusal.isPresent()) {
      r = Result.refused(refusal.get());
    } else {
      try {
        r = execute(action, who);
      } catch (OtlabException e) {
        // The lab cannot do it (the container lab's network, a point that is not there): the
        // record says so, the run goes on.
        r = Result.refused(e.getMessage() + " " + e.remedy());
      }
    }
    record(requested, who, why, action, r);
  }

  private void record(double requested, String who, String why, ResponseAction action, Result r) {
    ResponseRecord record =
        new ResponseRecord(
            requested,
            Math.max(requested, clock.now()),
            who,
            why,
            action,
            r.done(),
            r.result(),
            r.effects());
    synchronized (this) {
      records.add(record);
    }
    sink.accept(record);
  }

  // ------------------------------------------------------------------ refusals (specs only)

  /**
   * Why {@code action} cannot be carried out on this architecture and plant, whatever the lab's
   * state: an unknown host, conduit, account or controller, a stop the plant does not tolerate.
   */
  Optional<String> refusal(ResponseAction action) {
    if (action instanceof ResponseAction.IsolateHost a) {
      return unknownHost(a.host());
    }
    if (action instanceof ResponseAction.BlockFlow a) {
      Optional<String> u = unknownHost(a.source()).or(() -> unknownHost(a.destination()));
      if (u.isPresent()) {
        return u;
      }
      if (a.conduit() != null) {
        return unknownConduit(a.conduit());
      }
      return path(a.source(), a.destination()).isEmpty()
          ? Optional.of(
              "no conduit lies between "
                  + a.source()
                  + " and "
                  + a.destination()
                  + " (they share a zone, or no path joins them); isolate one of the hosts"
                  + " instead")
          : Optional.empty();
    }
    if (action instanceof ResponseAction.TightenConduit a) {
      return unknownConduit(a.conduit());
    }
    if (action instanceof ResponseAction.KillConnections a) {
      return unknownHost(a.source()).or(() -> unknownHost(a.destination()));
    }
    if (action instanceof ResponseAction.DisableAccount a) {
      return unknownAccount(a.account());
    }
    if (action instanceof ResponseAction.ResetCredential a) {
      return unknownAccount(a.account());
    }
    if (action instanceof ResponseAction.SafeState a) {
      Optional<ControllerSpec> c = controller(a.controller());
      if (c.isEmpty()) {
        return unknownController(a.controller());
      }
      if (a.mode() == ResponseAction.SafeMode.STOP && !c.get().stopTolerated()) {
        return Optional.of(
            "plant "
                + plant.id()
                + " does not tolerate "
                + c.get().id()
                + " stopped (its outputs would hold their last values with nothing correcting"
                + " them; the plant file says stop: refused); put it into safe-state manual"
                + " instead");
      }
      return Optional.empty();
    }
    if (action instanceof ResponseAction.RestoreProgram a) {
      return controller(a.controller()).isPresent()
          ? Optional.empty()
          : unknownController(a.controller());
    }
    if (action instanceof ResponseAction.ResetSis a) {
      Optional<ControllerSpec> c = controller(a.controller());
      if (c.isEmpty()) {
        return unknownController(a.controller());
      }
      return c.get().kind() == SoftPlc.Kind.SIS
          ? Optional.empty()
          : Optional.of(
              c.get().id()
                  + " is not a safety controller; name one of "
                  + plant.controllers().stream()
                      .filter(s -> s.kind() == SoftPlc.Kind.SIS)
                      .map(ControllerSpec::id)
                      .toList());
    }
    if (action instanceof ResponseAction.OperatorAction a) {
      if (a.hmi() != null) {
        Optional<String> u = unknownHost(a.hmi());
        if (u.isPresent()) {
          return u;
        }
        if (architecture.host(a.hmi()).orElseThrow().role() != HostRole.HMI) {
          return Optional.of(a.hmi() + " is not an HMI; name one of " + hmis());
        }
      } else if (hmis().isEmpty()) {
        return Optional.of(
            "architecture " + architecture.id() + " has no HMI to act through; add an hmi host");
      }
      Optional<ControllerSpec> owner = writer(a.tag());
      if (owner.isEmpty()) {
        return Optional.of(
            "no controller of plant "
                + plant.id()
                + " has a writable point '"
                + a.tag()
                + "'; name one of "
                + writableTags());
      }
      return controllerHost(owner.get().id()).isPresent()
          ? Optional.empty()
          : Optional.of(
              "architecture "
                  + architecture.id()
                  + " has no host running "
                  + owner.get().id()
                  + ", so no HMI reaches "
                  + a.tag());
    }
    return Optional.of("the lab does not know response kind " + action.kind());
  }

  private Optional<String> unknownHost(String host) {
    return architecture.host(host).isPresent()
        ? Optional.empty()
        : Optional.of(
            "architecture "
                + architecture.id()
                + " has no host '"
                + host
                + "'; name one of "
                + architecture.hosts().stream().map(HostSpec::id).toList());
  }

  private Optional<String> unknownConduit(String conduit) {
    return architecture.conduit(conduit).isPresent()
        ? Optional.empty()
        : Optional.of(
            "architecture "
                + architecture.id()
                + " has no conduit '"
                + conduit
                + "'; name one of "
                + architecture.conduits().stream().map(ConduitSpec::id).toList());
  }

  private Optional<String> unknownAccount(String account) {
    if (architecture.account(account).isPresent()) {
      return Optional.empty();
    }
    if (architecture.accounts().isEmpty()) {
      // "name one of []" would send a defender looking for a name that does not exist.
      return Optional.of(
          "architecture "
              + architecture.id()
              + " declares no accounts (each host's posture alone decides who logs in), so there"
              + " is no account '"
              + account
              + "' to disable or reset; isolate the host the attacker logged in from, or block"
              + " its flow, instead");
    }
    return Optional.of(
        "architecture "
            + architecture.id()
            + " has no account '"
            + account
            + "'; name one of "
            + architecture.accounts().stream().map(AccountSpec::id).toList());
  }

  private Optional<String> unknownController(String controller) {
    return Optional.of(
        "plant "
            + plant.id()
            + " has no controller '"
            + controller
            + "' (nor does a host of that id run one); name one of "
            + plant.controllers().stream().map(ControllerSpec::id).toList());
  }

  /** A controller by its id, or by the id of the host that runs it. */
  private Optional<ControllerSpec> controller(String id) {
    Optional<ControllerSpec> c = plant.controller(id);
    if (c.isPresent()) {
      return c;
    }
    return architecture.host(id).map(HostSpec::controller).flatMap(plant::controller);
  }

  private List<String> hmis() {
    return architecture.hosts().stream()
        .filter(h -> h.role() == HostRole.HMI)
        .map(HostSpec::id)
        .toList();
  }

  private Optional<ControllerSpec> writer(String tag) {
    return plant.controllers().stream()
        .filter(
            c ->
                c.points().stream()
                    .map(PointBinding::point)
                    .anyMatch(p -> p.tag().equals(tag) && p.writable()))
        .findFirst();
  }

  private List<String> writableTags() {
    Set<String> tags = new LinkedHashSet<>();
    for (ControllerSpec c : plant.controllers()) {
      for (PointBinding b : c.points()) {
        if (b.point().writable()) {
          tags.add(b.point().tag());
        }
      }
    }
    return List.copyOf(tags);
  }

  private Optional<String> controllerHost(String controller) {
    return architecture.hosts().stream()
        .filter(h -> controller.equals(h.controller()))
        .map(HostSpec::id)
        .findFirst();
  }

  private List<ConduitSpec> path(String source, String destination) {
    HostSpec from = architecture.host(source).orElseThrow();
    HostSpec to = architecture.host(destination).orElseThrow();
    if (from.zones().stream().anyMatch(to.zones()::contains)) {
      return List.of();
    }
    return NetworkFabric.zonePath(architecture, from.zones(), to.zones()).orElse(List.of());
  }

  // ------------------------------------------------------------------ carrying out

  private Result execute(ResponseAction action, String who) {
    String rule =
        "response:" + action.kind() + "@t=" + String.format(Locale.ROOT, "%.0f", clock.now());
    if (action instanceof ResponseAction.IsolateHost a) {
      RuleChange c = lab.network().isolate(a.host(), rule);
      List<String> effects = closedLines(c);
      effects.addAll(benignImpact(a.host()));
      return new Result(
          true,
          "isolated "
              + a.host()
              + ": every conduit denies it first (rule "
              + rule
              + "), and routes inside its zone lead to a relay that denies it",
          effects);
    }
    if (action instanceof ResponseAction.BlockFlow a) {
      List<ConduitSpec> conduits =
          a.conduit() != null
              ? List.of(current(a.conduit()))
              : path(a.source(), a.destination()).stream().map(c -> current(c.id())).toList();
      RuleChange c =
          lab.network()
              .replaceRules(
                  conduits.stream()
                      .map(
                          k ->
                              ResponseRules.blockFlow(
                                  k, a.source(), a.destination(), a.protocol(), rule))
                      .toList());
      List<String> effects = closedLines(c);
      return new Result(
          true,
          "rule "
              + rule
              + " denies "
              + a.source()
              + " -> "
              + a.destination()
              + (a.protocol() == null ? "" : " " + Names.yaml(a.protocol()))
              + " first in "
              + conduits.stream().map(ConduitSpec::id).toList(),
          effects);
    }
    if (action instanceof ResponseAction.TightenConduit a) {
      ConduitSpec now = current(a.conduit());
      ConduitSpec tightened =
          a.to() == ResponseAction.Tightening.CLOSED
              ? ResponseRules.closed(now, rule)
              : ResponseRules.readOnly(now, rule);
      RuleChange c = lab.network().replaceRules(List.of(tightened));
      List<String> effects = closedLines(c);
      effects.add(
          a.to() == ResponseAction.Tightening.CLOSED
              ? "every connection across " + a.conduit() + " is denied from now on, benign too"
              : "writes across "
                  + a.conduit()
                  + " (Modbus function codes other than 1-4, OPC UA Write and Call, MQTT"
                  + " publishes) are rejected from now on, benign setpoint changes and downloads"
                  + " too; OPC UA encrypted and MQTT over TLS pass on their mode, unread");
      return new Result(
          true,
          "conduit "
              + a.conduit()
              + " tightened to "
              + a.to().yaml()
              + " (rule "
              + rule
              + "); "
              + c.relays().size()
              + " relay(s) reloaded",
          effects);
    }
    if (action instanceof ResponseAction.KillConnections a) {
      RuleChange c = lab.network().kill(a.source(), a.destination(), rule);
      List<String> effects = closedLines(c);
      return new Result(
          true,
          c.closed().isEmpty()
              ? "no live connection from "
                  + a.source()
                  + " to "
                  + a.destination()
                  + " passed a relay (connections inside a zone without a span port pass none)"
              : "closed " + c.closed().size() + " live connection(s); new ones may follow",
          effects);
    }
    if (action instanceof ResponseAction.DisableAccount a) {
      boolean first = accounts.disable(a.account(), clock.now(), who);
      return new Result(
          true,
          first
              ? "account " + a.account() + " disabled: nobody logs in with it any more"
              : "account " + a.account() + " was disabled already",
          accountImpact(a.account(), "are refused from now on"));
    }
    if (action instanceof ResponseAction.ResetCredential a) {
      int generation = accounts.reset(a.account(), clock.now(), who);
      List<String> effects = new ArrayList<>();
      effects.add("copies of the old password (any the attacker holds) open nothing");
      AccountSpec spec = architecture.account(a.account()).orElseThrow();
      if (!spec.savedOn().isEmpty()) {
        effects.add(
            "the new password is saved on "
                + spec.savedOn()
                + " as the old one was: a harvest there takes it");
      }
      return new Result(
          true,
          "password of account "
              + a.account()
              + " reset (generation "
              + generation
              + "); its owners log in with the new one",
          effects);
    }
    if (action instanceof ResponseAction.SafeState a) {
      return safeState(controller(a.controller()).orElseThrow(), a.mode());
    }
    if (action instanceof ResponseAction.RestoreProgram a) {
      return restore(controller(a.controller()).orElseThrow());
    }
    if (action instanceof ResponseAction.ResetSis a) {
      return resetSis(controller(a.controller()).orElseThrow());
    }
    if (action instanceof ResponseAction.OperatorAction a) {
      return operator(a);
    }
    return Result.refused("the lab does not know response kind " + action.kind());
  }

  private ConduitSpec current(String conduit) {
    return lab.network().conduits().stream()
        .filter(c -> c.id().equals(conduit))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> closedLines(RuleChange c) {
    List<String> lines = new ArrayList<>();
    for (String id : c.closed()) {
      lines.add("closed live connection " + id);
    }
    return lines;
  }

  /** The benign work an isolated host takes part in, which is denied from now on. */
  private List<String> benignImpact(String host) {
    HostSpec h = architecture.host(host).orElseThrow();
    List<String> lines = new ArrayList<>();
    List<HostSpec> plcs =
        architecture.hosts().stream()
            .filter(
                x ->
                    x.controller() != null
                        && (x.role() == HostRole.PLC || x.role() == HostRole.SIS))
            .toList();
    switch (h.role()) {
      case HMI -> plcs.forEach(p -> lines.add(host + "'s polls of " + p.id() + " are denied"));
      case HISTORIAN ->
          plcs.stream()
              .filter(p -> p.role() == HostRole.PLC)
              .forEach(p -> lines.add(host + "'s collection from " + p.id() + " is denied"));
      case ENGINEERING_WS ->
          plcs.stream()
              .filter(p -> p.role() == HostRole.PLC)
              .forEach(p -> lines.add(host + "'s status reads of " + p.id() + " are denied"));
      case PLC, SIS -> {
        for (HostSpec o : architecture.hosts()) {
          if (o.role() == HostRole.HMI) {
            lines.add(o.id() + "'s polls of " + host + " are denied: its operators lose the view");
          }
        }
      }
      default -> lines.add("every connection from or to " + host + " is denied, benign ones too");
    }
    return lines;
  }

  private List<String> accountImpact(String account, String verb) {
    AccountSpec a = architecture.account(account).orElseThrow();
    List<String> lines = new ArrayList<>();
    lines.add(
        "log-ins as "
            + a.user()
            + " ("
            + a.services().stream().map(Names::yaml).sorted().toList()
            + " on "
            + (a.hosts().isEmpty() ? "every host" : a.hosts().toString())
            + ") "
            + verb
            + ", the owners' own included");
    for (HostSpec h : architecture.hosts()) {
      if ((h.role() == HostRole.VENDOR_REMOTE || h.role() == HostRole.JUMP_HOST)
          && a.keptOn(h.id())
          && a.services().contains(Protocol.RDP)) {
        lines.add(
            "vendor sessions from "
                + h.id()
                + " that log in as "
                + a.user()
                + " are refused (recorded as denied vendor-session operations)");
      }
    }
    if (a.services().contains(Protocol.OPCUA)) {
      lines.add(
          "OPC UA sessions as "
              + a.user()
              + " are refused (the historian's collection, where it logs in as "
              + a.user()
              + ")");
    }
    return lines;
  }

  private SoftPlc plc(ControllerSpec c) {
    return lab.plant().controllers().stream()
        .filter(p -> p.id().equals(c.id()))
        .findFirst()
        .orElseThrow();
  }

  private Result safeState(ControllerSpec spec, ResponseAction.SafeMode mode) {
    SoftPlc c = plc(spec);
    List<String> effects = new ArrayList<>();
    if (mode == ResponseAction.SafeMode.STOP) {
      c.setMode(PlcMode.STOP);
      for (ControlBlock b : c.program()) {
        for (String out : b.outputs()) {
          effects.add(out + " held at " + format(c.image().get(out)) + ": nothing corrects it");
        }
      }
      return new Result(
          true,
          spec.id()
              + " stopped (plant "
              + plant.id()
              + " tolerates it): its program no longer scans",
          effects);
    }
    if (c.mode() != PlcMode.RUN) {
      effects.add(spec.id() + " was in " + c.mode() + "; put back in RUN so its interlocks scan");
      c.setMode(PlcMode.RUN);
    }
    for (ControlBlock b : c.program()) {
      if (b.autoTag().isPresent() && !b.outputs().isEmpty()) {
        c.image().set(b.autoTag().get(), 0);
        effects.add(
            "loop driving " + b.outputs().get(0) + " in manual: it no longer corrects the process");
      }
    }
    spec.safe()
        .forEach(
            (tag, value) -> {
              c.image().set(tag, value);
              effects.add(tag + " set to its safe value " + format(value));
            });
    return new Result(
        true,
        spec.id()
            + " in its safe state: "
            + (spec.safe().isEmpty()
                ? "loops in manual holding their outputs (the plant file gives no safe values)"
                : "loops in manual at the plant's safe outputs"),
        effects);
  }

  private Result restore(ControllerSpec spec) {
    SoftPlc c = plc(spec);
    long golden = ProgramCodec.crc(ProgramCodec.encodeBytes(spec.logic()));
    Optional<List<BlockSpec>> running = c.source();
    String before =
        running
            .map(
                s ->
                    String.format(
                        Locale.ROOT, "%08X", ProgramCodec.crc(ProgramCodec.encodeBytes(s))))
            .orElse("unknown");
    boolean changed = running.map(s -> !s.equals(spec.logic())).orElse(true);
    PlcMode mode = c.mode();
    c.load(spec.logic());
    c.setMode(PlcMode.RUN);
    List<String> effects = new ArrayList<>();
    effects.add(
        String.format(
            Locale.ROOT,
            "program CRC %s -> %08X (%d blocks, the plant file's)",
            before,
            golden,
            spec.logic().size()));
    if (mode != PlcMode.RUN) {
      effects.add(spec.id() + " was in " + mode + "; now RUN");
    }
    effects.add("loop states start afresh (a PID's integral restarts from its output)");
    return new Result(
        true,
        changed
            ? spec.id() + "'s program restored from the golden copy and running"
            : spec.id() + " ran the golden program already; reloaded and running",
        effects);
  }

  private Result resetSis(ControllerSpec spec) {
    SoftPlc c = plc(spec);
    List<String> effects = new ArrayList<>();
    // One bypass may defeat several trips (water treatment's sis_bypass defeats both level trips):
    // every trip a set bypass held is found before any bypass is cleared, so each is named live.
    Map<String, List<String>> held = new LinkedHashMap<>();
    for (ControlBlock b : c.program()) {
      Optional<String> bypass = b.bypassTag();
      if (bypass.isPresent() && c.image().get(bypass.get()) != 0) {
        held.computeIfAbsent(bypass.get(), k -> new ArrayList<>()).add(b.outputs().get(0));
      }
    }
    held.forEach(
        (bypass, trips) -> {
          c.image().set(bypass, 0);
          effects.add(
              "bypass "
                  + bypass
                  + " cleared: "
                  + (trips.size() == 1
                      ? "trip " + trips.get(0) + " is live"
                      : "trips " + String.join(", ", trips) + " are live"));
        });
    Set<String> resets = new LinkedHashSet<>();
    for (BlockSpec b : spec.logic()) {
      String reset = b.params().get("reset");
      if (reset != null) {
        resets.add(reset);
      }
    }
    List<String> trippedBefore = tripped(c);
    resets.forEach(r -> c.image().set(r, 1));
    // The reset is a pulse: held for two scans, so the trip blocks see it, then released.
    clock.scheduleAt(
        "response:reset-sis:release",
        Phase.OUTPUTS,
        clock.now() + 2 * c.scanSeconds(),
        () -> resets.forEach(r -> c.image().set(r, 0)));
    if (!resets.isEmpty()) {
      effects.add("reset " + resets + " pulsed for two scans");
    }
    List<String> persisting = new ArrayList<>();
    for (BlockSpec b : spec.logic()) {
      String out = b.params().get("tripped");
      if (out != null && trippedBefore.contains(out) && demandPersists(c, b)) {
        persisting.add(out);
      }
    }
    return new Result(
        true,
        "bypasses of "
            + spec.id()
            + " cleared and its trips reset"
            + (persisting.isEmpty()
                ? ""
                : "; "
                    + persisting
                    + " stay tripped: their demand persists, the process is still"
                    + " beyond the trip point"),
        effects);
  }

  private static List<String> tripped(SoftPlc c) {
    List<String> out = new ArrayList<>();
    for (ControlBlock b : c.program()) {
      if (b.type().equals("trip")
          && !b.outputs().isEmpty()
          && c.image().get(b.outputs().get(0)) != 0) {
        out.add(b.outputs().get(0));
      }
    }
    return out;
  }

  /** Whether a trip block's measurement is still beyond its trip point. */
  private static boolean demandPersists(SoftPlc c, BlockSpec b) {
    String m = b.params().get("measurement");
    if (m == null) {
      return false;
    }
    double v = c.image().get(m);
    String above = b.params().get("above");
    String below = b.params().get("below");
    return (above != null && v > operand(c, above)) || (below != null && v < operand(c, below));
  }

  private static double operand(SoftPlc c, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return c.image().get(text);
    }
  }

  private Result operator(ResponseAction.OperatorAction a) {
    BenignOperations ops = benign.get();
    if (ops == null) {
      return Result.refused("the run's benign operations are not running, so no HMI can act");
    }
    String hmi = a.hmi() != null ? a.hmi() : hmis().get(0);
    ControllerSpec owner = writer(a.tag()).orElseThrow();
    String host = controllerHost(owner.id()).orElseThrow();
    String auto = null;
    for (BlockSpec b : owner.logic()) {
      if (a.tag().equals(b.params().get("output")) && b.params().get("auto") != null) {
        auto = b.params().get("auto");
        break;
      }
    }
    OperationRecord r = ops.operatorWrite(hmi, host, auto, a.tag(), a.value());
    boolean ok = r.outcome() instanceof OperationRecord.Outcome.Ok;
    List<String> effects = new ArrayList<>();
    if (auto != null && ok) {
      effects.add("loop driving " + a.tag() + " switched to manual (" + auto + " = 0)");
    }
    if (!ok) {
      effects.add(hmi + "'s write to " + host + " was " + outcomeWord(r.outcome()));
    }
    return new Result(
        ok,
        ok
            ? hmi + " wrote " + r.detail() + " on " + host
            : hmi
                + " could not write "
                + a.tag()
                + " on "
                + host
                + ": "
                + r.detail()
                + "; act from an HMI the conduits let write, or put the controller into a safe"
                + " state",
        effects);
  }

  private static String outcomeWord(OperationRecord.Outcome o) {
    return o instanceof OperationRecord.Outcome.Denied ? "denied" : "failed";
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
