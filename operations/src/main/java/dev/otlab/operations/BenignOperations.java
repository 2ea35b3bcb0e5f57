package dev.otlab.operations;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.Protocol;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.fabric.ServiceAccess;
import dev.otlab.operations.OperationRecord.Outcome;
import dev.otlab.simulator.clock.ClockTask;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.modbus.EngineeringProtocol;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProgramCodec;
import dev.otlab.simulator.plc.Table;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The benign ground truth of a lab: every HMI polls every controller over Modbus and its operator
 * changes a setpoint a few times an hour, every historian collects every PLC's tags over OPC UA and
 * pushes to its mirror in a higher zone over HTTP ({@link MirrorReplication}), vendors open remote
 * sessions in the maintenance window ({@link VendorSessions}), every engineering workstation reads
 * PLC status and, inside the maintenance window, downloads the project's program over FC90 (PROGRAM
 * mode, download, RUN), and every IIoT gateway and cloud application bridges PLC values to MQTT and
 * setpoints back ({@link IiotOperations}). Actors are the architecture's hosts by role; the only
 * way to a controller is {@link NetworkFabric#access}.
 *
 * <p>Tasks run on the clock thread and do their I/O synchronously with short timeouts: nothing else
 * runs meanwhile, so the same seed gives the same records.
 *
 * <p>Conduits are judged from what the actor sees, as a real operator would: on a path through
 * relays (or with no path at all), a Modbus exception 01 or 02, a closed or reset connection, or an
 * OPC UA connection that fails for a reason other than the server's own security, counts as DENIED;
 * a device may answer 01 or 02 itself for a bad map, which this counts as DENIED too. On a direct
 * path every error is FAILED. The refusing rule is not visible to the actor, so it is left null;
 * the relays' own decision log has it.
 */
public final class BenignOperations implements Lifecycle {

  private static final int MODBUS_TIMEOUT_MILLIS = 1000;

  private final ArchitectureSpec architecture;
  private final LabClock clock;
  private final ServiceAccess fabric;
  private final Predicate<String> actors;
  private final Consumer<OperationRecord> sink;
  private final OperationsOptions options;
  private final Map<String, PointMap> maps = new LinkedHashMap<>();
  private final List<HostSpec> controllers = new ArrayList<>();
  private final List<ClockTask> tasks = new ArrayList<>();
  private final Map<String, ModbusConnection> modbus = new LinkedHashMap<>();
  private final UaSessions uaSessions;
  private final IiotOperations iiot;
  private boolean running;
  private final VendorSessions vendorSessions;
  private volatile AccountGate gate = AccountGate.OPEN;

  public BenignOperations(
      ArchitectureSpec architecture,
      PlantSpec plant,
      ServiceAccess fabric,
      LabClock clock,
      Consumer<OperationRecord> sink,
      OperationsOptions options) {
    this(architecture, plant, fabric, clock, sink, options, host -> true);
  }

  /**
   * Operations of some hosts only: a container node runs those of its own host, reaching the
   * controllers through the lab's gateways instead of the embedded fabric. Each host draws from its
   * own random stream, so a host's operations are the same whichever hosts run beside it.
   *
   * @param actors which acting hosts (HMIs, historians, engineering workstations) to run
   */
  public BenignOperations(
      ArchitectureSpec architecture,
      PlantSpec plant,
      ServiceAccess fabric,
      LabClock clock,
      Consumer<OperationRecord> sink,
      OperationsOptions options,
      Predicate<String> actors) {
    this.architecture = architecture;
    this.fabric = fabric;
    this.actors = actors;
    this.clock = clock;
    this.sink = sink;
    this.options = options;
    this.uaSessions = new UaSessions(options);
    this.vendorSessions = new VendorSessions(architecture, fabric, clock, sink, actors);
    for (HostSpec h : architecture.hosts()) {
      if ((h.role() == HostRole.PLC || h.role() == HostRole.SIS) && h.controller() != null) {
        ControllerSpec c =
            plant
                .controller(h.controller())
                .orElseThrow(
                    () ->
                        new OtlabException(
                            "OPERATIONS_CONTROLLER_UNKNOWN",
                            "Host '"
                                + h.id()
                                + "' runs controller '"
                                + h.controller()
                                + "', which plant '"
                                + plant.id()
                                + "' does not have.",
                            "Fix the host's controller in the architecture."));
        maps.put(c.id(), new PointMap(c));
        controllers.add(h);
      }
    }
    Map<String, PointMap> byHost = new LinkedHashMap<>();
    controllers.forEach(h -> byHost.put(h.id(), maps.get(h.controller())));
    this.iiot = new IiotOperations(architecture, byHost, fabric, clock, sink, options, actors);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    uaSessions.start();
    double now = clock.now();
    for (HostSpec hmi : hosts(HostRole.HMI)) {
      SplittableRandom r = clock.random("benign:" + hmi.id());
      for (HostSpec plc : controllers) {
        periodic(
            OperationRecord.HMI_POLL,
            hmi,
            plc,
            options.hmiPollSeconds(),
            now,
            r,
            () -> poll(hmi, plc));
      }
      if (options.operatorChangesPerHour() > 0
          && controllers.stream().anyMatch(h -> !map(h).setpoints().isEmpty())) {
        nextOperatorChange(hmi, clock.random("benign:" + hmi.id() + ":operator"));
      }
    }
    List<HostSpec> historians =
        architecture.hosts().stream().filter(h -> h.role() == HostRole.HISTORIAN).toList();
    for (HostSpec historian : collectingHistorians()) {
      new MirrorReplication(architecture, fabric, clock, sink)
          .schedule(historian, historians, this::level, now, tasks);
      SplittableRandom r = clock.random("benign:" + historian.id());
      for (HostSpec plc : plcs()) {
        periodic(
            OperationRecord.HISTORIAN_COLLECT,
            historian,
            plc,
            options.historianSeconds(),
            now,
            r,
            () -> collect(historian, plc));
      }
    }
    vendorSessions(now);
    for (HostSpec eng : hosts(HostRole.ENGINEERING_WS)) {
      SplittableRandom r = clock.random("benign:" + eng.id());
      for (HostSpec plc : plcs()) {
        periodic(
            OperationRecord.ENGINEERING_STATUS,
            eng,
            plc,
            options.engineeringStatusSeconds(),
            now,
            r,
            () -> status(eng, plc));
        Double start = options.maintenanceStart();
        Double end = options.maintenanceEnd();
        if (start != null && end != null && end > now && options.maintenanceDownloads()) {
          // Somewhere in the first half of the window (at most a minute in), as a technician
          // starts once the window opens.
          double at = Math.max(now, start) + r.nextDouble() * Math.min(60, (end - start) / 2);
          tasks.add(
              clock.scheduleAt(
                  "benign:"
                      + OperationRecord.ENGINEERING_DOWNLOAD
                      + ":"
                      + eng.id()
                      + ">"
                      + plc.id(),
                  Phase.OUTPUTS,
                  at,
                  () -> download(eng, plc)));
        }
      }
    }
    // Last, so an architecture without gateways or clouds schedules exactly what it did before.
    if (iiot.any()) {
      iiot.start(tasks);
    }
  }

  private void vendorSessions(double now) {
    Double start = options.maintenanceStart();
    Double end = options.maintenanceEnd();
    if (start != null && end != null) {
      vendorSessions.schedule(now, start, end);
    }
  }

  /**
   * Has the benign log-ins consult {@code value} from now on: vendors' remote sessions and the
   * historian's OPC UA sessions (when an architecture account has the historian's OPC UA user) are
   * refused, recorded as denied, while it refuses their account.
   */
  public void accountGate(AccountGate value) {
    gate = value;
    vendorSessions.gate(value);
  }

  /**
   * Whether a benign remote session of {@code protocol} to {@code host} is live now (a vendor's in
   * the maintenance window): what a session hijack takes over.
   */
  public boolean liveSession(String host, Protocol protocol) {
    return vendorSessions.live(host, protocol);
  }

  private void periodic(
      String what,
      HostSpec actor,
      HostSpec target,
      double period,
      double now,
      SplittableRandom r,
      Runnable task) {
    // Seeded phase jitter: actors do not all fire on the same instant, and runs still repeat.
    double first = now + r.nextDouble() * period;
    tasks.add(
        clock.schedulePeriodic(
            "benign:" + what + ":" + actor.id() + ">" + target.id(),
            Phase.OUTPUTS,
            period,
            first,
            task));
  }

  private List<HostSpec> hosts(HostRole role) {
    return architecture.hosts().stream()
        .filter(h -> h.role() == role && actors.test(h.id()))
        .toList();
  }

  /**
   * The historians that poll the PLCs: those in the zones closest to control. A historian in a
   * higher zone (a DMZ mirror) is fed by the plant historian in a real plant, not by the PLCs, so
   * it polls only when it is the only historian there is.
   */
  private List<HostSpec> collectingHistorians() {
    // Chosen among all historians, then narrowed to the hosts run here: a DMZ mirror alone in its
    // container must not start polling because the plant historian runs in another one.
    List<HostSpec> all =
        architecture.hosts().stream().filter(h -> h.role() == HostRole.HISTORIAN).toList();
    double lowest = all.stream().mapToDouble(this::level).min().orElse(Double.MAX_VALUE);
    return all.stream().filter(h -> level(h) == lowest && actors.test(h.id())).toList();
  }

  private double level(HostSpec host) {
    return host.zones().stream()
        .mapToDouble(z -> architecture.zone(z).map(ZoneSpec::level).orElse(5.0))
        .min()
        .orElse(5.0);
  }

  private List<HostSpec> plcs() {
    return controllers.stream().filter(h -> h.role() == HostRole.PLC).toList();
  }

  private PointMap map(HostSpec host) {
    return maps.get(host.controller());
  }

  // ---------------------------------------------------------------- HMI

  private void poll(HostSpec hmi, HostSpec plc) {
    PointMap map = map(plc);
    modbusOperation(
        hmi,
        plc,
        OperationRecord.HMI_POLL,
        map.blocks(),
        (wire, values) -> "read " + map.blocks().size() + " blocks, " + values.size() + " tags");
  }

  private void nextOperatorChange(HostSpec hmi, SplittableRandom r) {
    double gap = -Math.log(1 - r.nextDouble()) * 3600 / options.operatorChangesPerHour();
    tasks.add(
        clock.scheduleAt(
            "benign:" + OperationRecord.OPERATOR_SETPOINT + ":" + hmi.id(),
            Phase.OUTPUTS,
            clock.now() + gap,
            () -> {
              operatorChange(hmi, r);
              synchronized (this) {
                if (running) {
                  nextOperatorChange(hmi, r);
                }
              }
            }));
  }

  private void operatorChange(HostSpec hmi, SplittableRandom r) {
    List<HostSpec> candidates =
        controllers.stream().filter(h -> !map(h).setpoints().isEmpty()).toList();
    HostSpec plc = candidates.get(r.nextInt(candidates.size()));
    List<PointSpec> points = map(plc).setpoints();
    PointSpec p = points.get(r.nextInt(points.size()));
    double jitter = r.nextDouble();
    Access access = access(hmi, plc, Protocol.MODBUS, OperationRecord.OPERATOR_SETPOINT);
    if (access == null) {
      return;
    }
    Map<String, Double> values = new LinkedHashMap<>();
    Outcome outcome = new Outcome.Ok();
    String detail;
    try {
      ModbusConnection wire = wire(hmi, plc, access);
      double current = PointMap.decode(p, wire.read(3, p.address(), p.type().words()), 0);
      double value = PointMap.chooseSetpoint(p, map(plc).commissioned(p), current, jitter);
      int[] words = PointMap.encode(p, value);
      if (words.length == 1) {
        wire.writeRegister(p.address(), words[0]);
      } else {
        wire.writeRegisters(p.address(), words);
      }
      values.put(p.tag(), value);
      detail = p.tag() + " " + format(current) + " -> " + format(value) + " " + p.unit();
    } catch (IOException e) {
      outcome = friction(hmi, plc, access, e);
      detail = p.tag() + ": " + e.getMessage();
    }
    emit(
        hmi,
        plc,
        Protocol.MODBUS,
        OperationRecord.OPERATOR_SETPOINT,
        detail.trim(),
        outcome,
        values);
  }

  /**
   * An operator's manual action through {@code hmiId} on the controller host {@code plcId}, as a
   * response asks for it: over the HMI's Modbus connection, as real traffic through the conduits,
   * first switching the loop that drives {@code tag} to manual (its auto coil, when {@code autoTag}
   * is given), then writing {@code value}. Recorded ({@link OperationRecord#OPERATOR_ACTION}) and
   * returned. Runs on the clock thread.
   *
   * @throws OtlabException {@code OPERATIONS_TAG_UNKNOWN} when the controller has no such writable
   *     point
   */
  public OperationRecord operatorWrite(
      String hmiId, String plcId, @Nullable String autoTag, String tag, double value) {
    HostSpec hmi = architecture.host(hmiId).orElseThrow();
    HostSpec plc = controllers.stream().filter(h -> h.id().equals(plcId)).findFirst().orElseThrow();
    PointMap map = map(plc);
    PointSpec point = writablePoint(map, plc, tag);
    PointSpec auto = autoTag == null ? null : writablePoint(map, plc, autoTag);
    Access access = fabric.access(hmi.id(), plc.id(), Protocol.MODBUS);
    Map<String, Double> values = new LinkedHashMap<>();
    Outcome outcome = new Outcome.Ok();
    String detail;
    try {
      ModbusConnection wire = wire(hmi, plc, access);
      if (auto != null) {
        write(wire, auto, 0);
        values.put(auto.tag(), 0.0);
      }
      write(wire, point, value);
      values.put(point.tag(), value);
      detail =
          (auto == null ? "" : auto.tag() + " -> 0 (manual), ")
              + point.tag()
              + " -> "
              + format(value)
              + (point.unit().isEmpty() ? "" : " " + point.unit());
    } catch (IOException e) {
      outcome = friction(hmi, plc, access, e);
      detail = tag + ": " + e.getMessage();
    }
    OperationRecord r =
        new OperationRecord(
            clock.now(),
            hmi.id(),
            plc.id(),
            Protocol.MODBUS,
            OperationRecord.OPERATOR_ACTION,
            detail.trim(),
            outcome,
            values);
    sink.accept(r);
    return r;
  }

  private static PointSpec writablePoint(PointMap map, HostSpec plc, String tag) {
    return map.controller().points().stream()
        .map(PointBinding::point)
        .filter(p -> p.tag().equals(tag) && p.writable())
        .findFirst()
        .orElseThrow(
            () ->
                new OtlabException(
                    "OPERATIONS_TAG_UNKNOWN",
                    "Controller host '" + plc.id() + "' has no writable point '" + tag + "'.",
                    "Name a writable point of its controller."));
  }

  private static void write(ModbusConnection wire, PointSpec p, double value) throws IOException {
    if (p.table() == Table.COIL) {
      wire.writeCoil(p.address(), value != 0);
      return;
    }
    int[] words = PointMap.encode(p, value);
    if (words.length == 1) {
      wire.writeRegister(p.address(), words[0]);
    } else {
      wire.writeRegisters(p.address(), words);
    }
  }

  // ---------------------------------------------------------------- engineering

  private void status(HostSpec eng, HostSpec plc) {
    List<PointMap.Block> holding = map(plc).blocks(Table.HOLDING_REGISTER);
    modbusOperation(
        eng,
        plc,
        OperationRecord.ENGINEERING_STATUS,
        holding,
        (wire, values) -> "read " + values.size() + " holding registers");
  }

  /**
   * A legitimate program download, as an engineering tool does it over FC90: read the PLC's state,
   * switch it to PROGRAM, download the project's program (the plant file's logic: what the PLC
   * should run) in segments, commit, and switch back to RUN. If the PLC refuses part way, the tool
   * still puts it back in RUN, where it keeps its previous program.
   */
  private void download(HostSpec eng, HostSpec plc) {
    if (!options.inMaintenance(clock.now())) {
      return;
    }
    byte[] program = ProgramCodec.encodeBytes(map(plc).controller().logic());
    long crc = ProgramCodec.crc(program);
    modbusOperation(
        eng,
        plc,
        OperationRecord.ENGINEERING_DOWNLOAD,
        List.of(),
        (wire, values) -> {
          EngineeringProtocol.Info before =
              EngineeringProtocol.parseInfo(wire.engineering(EngineeringProtocol.info()));
          wire.engineering(EngineeringProtocol.setMode(PlcMode.PROGRAM));
          try {
            wire.engineering(EngineeringProtocol.downloadBegin(program.length, crc));
            for (int off = 0; off < program.length; off += EngineeringProtocol.MAX_SEGMENT) {
              int n = Math.min(EngineeringProtocol.MAX_SEGMENT, program.length - off);
              wire.engineering(EngineeringProtocol.downloadSegment(off, program, off, n));
            }
            wire.engineering(EngineeringProtocol.downloadCommit());
          } catch (IOException e) {
            if (wire.isOpen()) {
              try {
                wire.engineering(EngineeringProtocol.setMode(PlcMode.RUN));
              } catch (IOException again) {
                e.addSuppressed(again);
              }
            }
            throw e;
          }
          wire.engineering(EngineeringProtocol.setMode(PlcMode.RUN));
          return String.format(
              Locale.ROOT,
              "legitimate program download in the maintenance window: %d blocks, %d bytes,"
                  + " CRC %08X (was %08X, %s); PROGRAM, download, RUN",
              map(plc).controller().logic().size(),
              program.length,
              crc,
              before.crc(),
              before.crc() == crc ? "unchanged" : "restored");
        });
  }

  // ---------------------------------------------------------------- Modbus plumbing

  private interface Then {
    String run(ModbusConnection wire, Map<String, Double> values) throws IOException;
  }

  private void modbusOperation(
      HostSpec actor, HostSpec plc, String operation, List<PointMap.Block> blocks, Then then) {
    Access access = access(actor, plc, Protocol.MODBUS, operation);
    if (access == null) {
      return;
    }
    Map<String, Double> values = new LinkedHashMap<>();
    Outcome outcome = new Outcome.Ok();
    String detail;
    try {
      ModbusConnection wire = wire(actor, plc, access);
      for (PointMap.Block b : blocks) {
        values.putAll(PointMap.decode(b, wire.read(b.functionCode(), b.start(), b.count())));
      }
      detail = then.run(wire, values);
    } catch (IOException e) {
      outcome = friction(actor, plc, access, e);
      detail = e.getMessage();
    }
    emit(actor, plc, Protocol.MODBUS, operation, String.valueOf(detail), outcome, values);
  }

  /** The persistent connection of a pair, opened on first use or after a failure. */
  private ModbusConnection wire(HostSpec actor, HostSpec plc, Access access) throws IOException {
    String key = actor.id() + ">" + plc.id();
    ModbusConnection w;
    synchronized (this) {
      w = modbus.get(key);
    }
    if (w != null && w.isOpen() && w.connectedTo(access.address(), access.port())) {
      return w;
    }
    if (w != null) {
      // The route changed under the connection (an in-path position was taken or released):
      // reconnect to where the route leads now, as a client does after its peer moved.
      w.close();
    }
    w =
        ModbusConnection.connect(
            access.address(),
            access.port(),
            map(plc).controller().unitId(),
            Duration.ofMillis(MODBUS_TIMEOUT_MILLIS));
    synchronized (this) {
      if (!running) {
        w.close();
        throw new IOException("benign operations stopped");
      }
      modbus.put(key, w);
    }
    return w;
  }

  private Outcome friction(HostSpec actor, HostSpec plc, Access access, IOException e) {
    boolean refusedCode =
        e instanceof ModbusConnection.ExceptionResponse x && (x.code() == 1 || x.code() == 2);
    if (!(e instanceof ModbusConnection.ExceptionResponse)) {
      // The connection is unusable (closed, reset or out of step): reconnect next time.
      ModbusConnection w;
      synchronized (this) {
        w = modbus.remove(actor.id() + ">" + plc.id());
      }
      if (w != null) {
        w.close();
      }
    }
    String reason = String.valueOf(e.getMessage());
    if (access instanceof Access.Unreachable u) {
      return new Outcome.Denied("(none)", null, u.reason());
    }
    if (access instanceof Access.Relayed r
        && (refusedCode || !(e instanceof ModbusConnection.ExceptionResponse))) {
      return new Outcome.Denied(conduits(r), null, reason);
    }
    return new Outcome.Failed(reason);
  }

  private static String conduits(Access.Relayed r) {
    return String.join(">", r.conduits());
  }

  private @Nullable Access access(
      HostSpec actor, HostSpec plc, Protocol protocol, String operation) {
    try {
      return fabric.access(actor.id(), plc.id(), protocol);
    } catch (OtlabException e) {
      emit(
          actor,
          plc,
          protocol,
          operation,
          e.getMessage(),
          new Outcome.Failed(e.getMessage()),
          Map.of());
      return null;
    }
  }

  // ---------------------------------------------------------------- historian

  private void collect(HostSpec historian, HostSpec plc) {
    Access access = access(historian, plc, Protocol.OPCUA, OperationRecord.HISTORIAN_COLLECT);
    if (access == null) {
      return;
    }
    String key = historian.id() + ">" + plc.id();
    Optional<String> refused =
        architecture.accounts().stream()
            .filter(a -> a.user().equals(options.opcUaUser()) && a.opens(plc.id(), Protocol.OPCUA))
            .map(a -> gate.refusal(a.id()).map(why -> a.id() + ": " + why))
            .flatMap(Optional::stream)
            .findFirst();
    if (refused.isPresent()) {
      // The server refuses the disabled user: the live session ends, no new one opens.
      uaSessions.close(key);
      String account = refused.get().substring(0, refused.get().indexOf(':'));
      emit(
          historian,
          plc,
          Protocol.OPCUA,
          OperationRecord.HISTORIAN_COLLECT,
          "log-in refused: " + refused.get(),
          new Outcome.Denied("account:" + account, null, refused.get()),
          Map.of());
      return;
    }
    ControllerSpec c = map(plc).controller();
    Map<String, Double> values = new LinkedHashMap<>();
    Outcome outcome = new Outcome.Ok();
    OpcUaSecurityMode mode = bestMode(plc);
    String detail;
    try {
      OpcUaClientSession session = uaSessions.get(key, historian, access, mode);
      int bad = 0;
      for (PointBinding b : c.points()) {
        OpcUaClientSession.TagReading r = session.readTag(c.id(), b.point().tag());
        if (r.isGood()) {
          values.put(b.point().tag(), r.asDouble());
        } else {
          bad++;
        }
      }
      detail = "read " + values.size() + " tags (" + mode.label() + ")";
      if (bad > 0) {
        outcome = new Outcome.Failed(bad + " tags read with a bad status");
      }
    } catch (Refused e) {
      detail = e.getMessage();
      outcome = refusedHello(access, e.getMessage());
    } catch (OtlabException e) {
      uaSessions.close(key);
      detail = e.getMessage();
      outcome = uaFriction(access, e);
    }
    emit(
        historian, plc, Protocol.OPCUA, OperationRecord.HISTORIAN_COLLECT, detail, outcome, values);
  }

  /**
   * SignAndEncrypt when the PLC host offers it (or declares nothing: the lab's default), else None,
   * else Sign.
   */
  static OpcUaSecurityMode bestMode(HostSpec plc) {
    Set<OpcUaMode> modes = plc.posture().opcUaModes();
    if (modes.isEmpty() || modes.contains(OpcUaMode.SIGN_AND_ENCRYPT)) {
      return OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT;
    }
    return modes.contains(OpcUaMode.NONE)
        ? OpcUaSecurityMode.NONE
        : OpcUaSecurityMode.BASIC256SHA256_SIGN;
  }

  /** The Hello probe was refused; no session was attempted. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  static Outcome refusedHello(Access access, String reason) {
    if (access instanceof Access.Unreachable u) {
      return new Outcome.Denied("(none)", null, u.reason());
    }
    if (access instanceof Access.Relayed r) {
      return new Outcome.Denied(conduits(r), null, reason);
    }
    return new Outcome.Failed(reason);
  }

  static Outcome uaFriction(Access access, OtlabException e) {
    String reason = String.valueOf(e.getMessage());
    boolean conduitSaid = chain(e).contains("otlab conduit");
    // The server's own refusals (wrong password, mode not offered) are the device's, not a
    // conduit's, unless the relay's ERR says otherwise.
    boolean serverRefused =
        "OPCUA_ENDPOINT_NOT_OFFERED".equals(e.code()) || OpcUaClientSession.identityRefused(e);
    if (access instanceof Access.Unreachable u) {
      return new Outcome.Denied("(none)", null, u.reason());
    }
    if (access instanceof Access.Relayed r && (conduitSaid || !serverRefused)) {
      return new Outcome.Denied(conduits(r), null, reason);
    }
    return new Outcome.Failed(reason);
  }

  private static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- records

  private void emit(
      HostSpec actor,
      HostSpec target,
      Protocol protocol,
      String operation,
      String detail,
      Outcome outcome,
      Map<String, Double> values) {
    sink.accept(
        new OperationRecord(
            clock.now(), actor.id(), target.id(), protocol, operation, detail, outcome, values));
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  @Override
  public void stop() {
    List<ModbusConnection> wires;
    synchronized (this) {
      running = false;
      vendorSessions.stop();
      tasks.forEach(ClockTask::cancel);
      tasks.clear();
      wires = new ArrayList<>(modbus.values());
      modbus.clear();
    }
    wires.forEach(ModbusConnection::close);
    uaSessions.stop();
    iiot.stop();
  }

  /** Open Modbus connections and OPC UA sessions, for tests and status displays. */
  public synchronized int openConnections() {
    return modbus.size() + uaSessions.size() + iiot.openConnections();
  }
}
