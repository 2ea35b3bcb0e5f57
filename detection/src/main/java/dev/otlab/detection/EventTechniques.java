package dev.otlab.detection;

import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.List;

/**
 * The ATT&amp;CK for ICS techniques an anomalous event most plausibly belongs to, for detectors
 * that flag novelty rather than a known pattern (the baseline): what the message does decides.
 */
final class EventTechniques {

  private EventTechniques() {}

  static List<String> of(ProtocolEvent e) {
    String op = e.operation().toUpperCase(java.util.Locale.ROOT);
    if (op.equals("CONNECT")) {
      // A connection attempt the relay refused: someone probing what answers.
      return List.of("T0846");
    }
    if (op.contains("PROGRAM") || op.contains("DOWNLOAD") || op.contains("UPLOAD")) {
      return List.of("T0843");
    }
    if (op.contains("MODE")) {
      return List.of("T0858");
    }
    if (e.protocol() == Protocol.MODBUS) {
      switch (e.code()) {
        case 1:
        case 2:
        case 3:
        case 4:
          return List.of("T0861");
        case 5:
        case 15:
          return List.of("T0855");
        case 6:
        case 16:
        case 22:
        case 23:
          return List.of("T0836");
        case 7:
        case 8:
        case 11:
        case 12:
        case 17:
        case 43:
          return List.of("T0888");
        default:
          return List.of("T0855");
      }
    }
    if (op.startsWith("BROWSE") || op.startsWith("TRANSLATE")) {
      return List.of("T0861");
    }
    if (op.startsWith("WRITE") || op.startsWith("CALL")) {
      return List.of("T0855");
    }
    if (op.startsWith("READ")) {
      return List.of("T0861");
    }
    if (op.startsWith("GETENDPOINTS") || op.startsWith("FINDSERVERS")) {
      return List.of("T0888");
    }
    if (op.startsWith("CREATESESSION") || op.startsWith("ACTIVATESESSION")) {
      return List.of("T0859");
    }
    return List.of("T0846");
  }
}
