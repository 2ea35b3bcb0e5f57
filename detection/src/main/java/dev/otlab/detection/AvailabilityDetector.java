package dev.otlab.detection;

import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.ProtocolEvent.Result;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lost devices: a host that answered before and now leaves connections the conduit allowed
 * unanswered (the relay's {@code CONNECT} with {@link Result#NO_RESPONSE}). One alert per outage
 * and device, whoever tries to reach it; the device's next answer ends the outage. A host that was
 * never seen answering is not lost, only unknown, and the asset inventory already says so.
 *
 * <p>Whatever the cause (a crash, a power loss, a denial of service), operators have lost sight of
 * the device, hence ATT&amp;CK for ICS T0826 Loss of Availability.
 */
final class AvailabilityDetector implements Detector {

  static final String DETECTOR = "availability";
  static final String RULE = "device-lost";
  static final List<String> TECHNIQUES = List.of("T0826");

  private final AlertBook book;
  private final Set<String> answered = new HashSet<>();
  private final Set<String> lost = new HashSet<>();

  AvailabilityDetector(AlertBook book) {
    this.book = book;
  }

  @Override
  public void accept(ProtocolEvent e) {
    String device = e.destinationHost();
    if (e.result() == Result.OK || e.result() == Result.ERROR || e.result() == Result.OPAQUE) {
      answered.add(device);
      lost.remove(device);
      return;
    }
    if (e.result() != Result.NO_RESPONSE
        || !e.operation().equals("CONNECT")
        || !answered.contains(device)) {
      return;
    }
    lost.add(device);
    book.raise(
        e.time(),
        DETECTOR,
        RULE,
        AlertSeverity.HIGH,
        TECHNIQUES,
        null,
        device,
        device
            + " stopped answering: "
            + e.sourceHost()
            + "'s "
            + e.protocol().name().toLowerCase(java.util.Locale.ROOT)
            + " connection got no response",
        AlertBook.evidence(e));
  }
}
