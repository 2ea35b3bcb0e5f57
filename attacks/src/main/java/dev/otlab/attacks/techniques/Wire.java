package dev.otlab.attacks.techniques;

import dev.otlab.attacks.Guardrail;
import dev.otlab.network.fabric.Access;
import dev.otlab.simulator.modbus.ModbusConnection;
import java.io.IOException;
import java.time.Duration;

/** How attack steps open Modbus connections: only to lab addresses, checked before the connect. */
final class Wire {

  private Wire() {}

  /** Connects to the address {@code access} names, after the guardrail has checked it. */
  static ModbusConnection connect(Access access, int unit, Duration timeout) throws IOException {
    return ModbusConnection.connect(
        Guardrail.requireLabAddress(access.address()), access.port(), unit, timeout);
  }
}
