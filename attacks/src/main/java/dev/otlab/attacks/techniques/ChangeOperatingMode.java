package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.simulator.modbus.EngineeringProtocol;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.plc.PlcMode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * T0858 Change Operating Mode: reads a PLC's mode with the engineering function (Modbus FC 90) and
 * sets another. PROGRAM (the default) prepares a program download; PROGRAM and STOP both freeze the
 * outputs where they are, so the process runs on without control.
 *
 * <p>Parameters: {@code target}; {@code mode} (program, stop, run); {@code unit}.
 */
public final class ChangeOperatingMode extends AbstractTechnique {

  public ChangeOperatingMode() {
    super("T0858", Set.of("target"), Set.of("mode", "unit"));
  }

  @Override
  void checkValues(Checks c) {
    checkCommon(c);
    c.param("mode", () -> c.params().choice("mode", "program", "program", "stop", "run"));
    c.controller();
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    PlcMode mode =
        PlcMode.valueOf(
            p.choice("mode", "program", "program", "stop", "run").toUpperCase(Locale.ROOT));
    int unit = unit(ctx, target, p);
    Access access = accessOrNull(ctx, target, Protocol.MODBUS);
    if (access == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no Modbus server");
    }
    Watch watch = new Watch(ctx, target);
    try (ModbusConnection m = Wire.connect(access, unit, ctx.ioTimeout())) {
      Engineering eng = new Engineering(m);
      EngineeringProtocol.Info before = eng.info();
      PlcMode now = eng.setMode(mode);
      Map<String, String> f = new LinkedHashMap<>();
      f.put("protocol", "modbus");
      f.put("function", "FC90 CHANGE_MODE");
      f.put("previousMode", before.mode().name());
      f.put("mode", now.name());
      return new StepOutcome.Succeeded(
          "operating mode of " + target + " changed from " + before.mode() + " to " + now, f);
    } catch (ModbusConnection.ExceptionResponse e) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              target + " refused the mode change to " + mode + " with " + e.getMessage() + "."));
    } catch (IOException e) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              "mode change of " + target + " to " + mode + " failed: " + e.getMessage() + "."));
    }
  }
}
