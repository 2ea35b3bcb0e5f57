package dev.otlab.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.Protocol;
import dev.otlab.network.aitm.Cell;
import dev.otlab.network.aitm.Rewrite;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.Interception;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.plc.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Modbus server behind a conduit relay, the interceptor on the HMI's route, real clients.
 */
class InterceptionIT {

  @TempDir Path pki;

  @Test
  void concealsInjectsAndHandsTheRouteBack() throws Exception {
    LabClock clock = new LabClock(3, Speed.MAX);
    TankLab lab = new TankLab(clock, TankLab.architecture(false), pki);
    lab.start();
    try {
      Access before = lab.fabric.access("hmi", "plc", Protocol.MODBUS);
      List<String> labels = new ArrayList<>();
      Interception i = lab.fabric.intercept("hmi", "plc", Protocol.MODBUS, "attack:mitm");
      Access during = lab.fabric.access("hmi", "plc", Protocol.MODBUS);
      assertThat(during).isInstanceOf(Access.Relayed.class);
      assertThat(during.port()).isNotEqualTo(before.port());
      assertThat(((Access.Relayed) during).conduits())
          .isEqualTo(((Access.Relayed) before).conduits());

      try (ModbusConnection hmi =
              ModbusConnection.connect(during.address(), during.port(), 1, Duration.ofSeconds(2));
          ModbusConnection truth =
              ModbusConnection.connect(before.address(), before.port(), 1, Duration.ofSeconds(2))) {
        int sp = hmi.read(3, 2, 1)[0];
        i.conceal(new Rewrite.Freeze(java.util.Set.of(new Cell(Table.HOLDING_REGISTER, 2))), "x");
        // FC06 level_sp = 1.40 m inside the HMI's own connection; the answer never reaches it.
        byte[] answer = i.inject(1, new byte[] {6, 0, 2, 0, (byte) 140}, "attack:inject");
        assertThat(answer[0]).isEqualTo((byte) 6);
        assertThat(truth.read(3, 2, 1)[0]).isEqualTo(140);
        assertThat(hmi.read(3, 2, 1)[0]).isEqualTo(sp).isNotEqualTo(140);
        assertThat(i.connections()).isEqualTo(1);
        labels.add(i.rewriter().truth(new Cell(Table.HOLDING_REGISTER, 2)).toString());
      }
      assertThat(labels).containsExactly("140");
      assertThat(lab.fabric.interception("hmi", "plc", Protocol.MODBUS)).contains(i);
      i.stop();
      assertThat(lab.fabric.access("hmi", "plc", Protocol.MODBUS)).isEqualTo(before);
      assertThat(lab.fabric.interception("hmi", "plc", Protocol.MODBUS)).isEmpty();
      assertThat(Map.of("after", lab.fabric.access("hmi", "plc", Protocol.MODBUS).port()))
          .containsEntry("after", before.port());
    } finally {
      lab.stop();
    }
  }
}
