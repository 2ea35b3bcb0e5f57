package dev.otlab.dashboard.exercise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.ZoneSpec;
import java.util.Locale;

/**
 * What a trainee may see of their exercise's architecture: what the Purdue map needs to draw the
 * plant's network as its operators and analysts know it (zones, hosts, conduits), built field by
 * field from the library's design so that nothing else comes along.
 *
 * <p>The design is the library's, not a run's: a scenario's attached footholds (a rogue laptop)
 * never appear, nor does anything that points at an attack: no entry points (where attacks start),
 * no postures (weak or default credentials), no accounts. Conduit rules and sensors are left out
 * too: the map draws without them, and like {@link TraineeView} this answer grows only by a
 * decision that a trainee may see a field. Nothing names the exercise's scenarios: this is built
 * from the architecture alone.
 */
final class TraineeMap {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TraineeMap() {}

  static ObjectNode of(ArchitectureSpec a) {
    ObjectNode out = JSON.createObjectNode();
    out.put("id", a.id());
    out.put("title", a.title());
    out.put("plant", a.plant());
    ArrayNode zones = out.putArray("zones");
    for (ZoneSpec z : a.zones()) {
      zones
          .addObject()
          .put("id", z.id())
          .put("level", z.level())
          .put("securityLevelTarget", z.securityLevelTarget())
          .put("description", z.description());
    }
    ArrayNode hosts = out.putArray("hosts");
    for (HostSpec h : a.hosts()) {
      ObjectNode n = hosts.addObject();
      n.put("id", h.id());
      h.zones().forEach(n.putArray("zones")::add);
      // As the YAML spells it (engineering-ws), the map's role names.
      n.put("role", h.role().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      n.put("controller", h.controller());
      n.put("description", h.description());
    }
    ArrayNode conduits = out.putArray("conduits");
    for (ConduitSpec c : a.conduits()) {
      conduits
          .addObject()
          .put("id", c.id())
          .put("zoneA", c.zoneA())
          .put("zoneB", c.zoneB())
          .put("description", c.description());
    }
    return out;
  }
}
