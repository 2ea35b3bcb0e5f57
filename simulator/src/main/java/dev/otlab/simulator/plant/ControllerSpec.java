package dev.otlab.simulator.plant;

import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PLC or SIS as declared in a plant file.
 *
 * @param id controller id, unique in the plant
 * @param kind PLC or SIS
 * @param unitId Modbus unit id
 * @param description what it controls
 * @param scanSeconds scan period in simulated seconds
 * @param identity what it reports over FC43 and OPC UA BuildInfo
 * @param points its points and their wiring
 * @param logic its control program, in scan order
 * @param overrides actuators a SIS forces (empty for a PLC)
 * @param safe the values its points take in its safe state (a response's {@code safe-state manual}:
 *     every loop in manual, these outputs written), by tag, in tag order; empty: loops go to manual
 *     holding their outputs
 * @param stopTolerated whether the plant tolerates this controller stopped (its outputs held at
 *     their last values, its program not scanning): a response's {@code safe-state stop} is refused
 *     where it is not
 */
public record ControllerSpec(
    String id,
    SoftPlc.Kind kind,
    int unitId,
    String description,
    double scanSeconds,
    DeviceIdentity identity,
    List<PointBinding> points,
    List<BlockSpec> logic,
    List<OverrideSpec> overrides,
    Map<String, Double> safe,
    boolean stopTolerated) {

  public ControllerSpec {
    safe = Collections.unmodifiableMap(new TreeMap<>(safe));
    points = List.copyOf(points);
    logic = List.copyOf(logic);
    overrides = List.copyOf(overrides);
    if (!(scanSeconds > 0) || scanSeconds > 10) {
      throw new IllegalArgumentException(id + ": scan period must be in (0, 10] s");
    }
  }
}
