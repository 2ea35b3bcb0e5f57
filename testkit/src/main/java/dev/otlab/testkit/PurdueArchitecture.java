package dev.otlab.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A large Purdue architecture for the water-treatment plant, as architecture YAML: an enterprise
 * zone of office workstations, a DMZ, an operations zone, a chain of cell zones each with tens of
 * HMIs, engineering stations and misplaced office PCs (the plant's three PLCs in the first cell),
 * and a safety zone with the SIS. Hosts of one role in one zone share a posture, and the conduits
 * of the cells repeat the same rules, so the static checks find the same weakness over and over:
 * OPC UA None on every cell HMI, IT hosts in every cell, default credentials reachable from the
 * office, any/any conduits between neighbouring cells, the SIS read by every host of the first
 * cell, dead rules and unwatched conduits per cell. It is what {@code otlab check} has to answer
 * quickly and summarise; the default size has 400 hosts.
 *
 * <p>Run {@code main} to write one ({@code PurdueArchitecture FILE [CELLS [HOSTS_PER_CELL
 * [OFFICE]]]}), e.g. to time {@code ./otlab check} on it.
 */
public final class PurdueArchitecture {

  /** Cells of the default size. */
  public static final int CELLS = 6;

  /** Hosts per cell of the default size (the first cell's include the plant's three PLCs). */
  public static final int HOSTS_PER_CELL = 48;

  /** Office workstations of the default size. */
  public static final int OFFICE = 99;

  /** Hosts outside the cells, the office and the safety zone: the DMZ's and operations'. */
  public static final int SITE_HOSTS = 12;

  /** The plant's PLCs, all placed in cell-1. */
  public static final List<String> PLCS = List.of("plc-intake", "plc-treatment", "plc-dosing");

  private PurdueArchitecture() {}

  /** The default size: 6 cells of 48 hosts, 99 office workstations, 400 hosts in all. */
  public static String yaml() {
    return yaml(CELLS, HOSTS_PER_CELL, OFFICE);
  }

  /** How many hosts {@link #yaml(int, int, int)} places. */
  public static int hosts(int cells, int hostsPerCell, int office) {
    return office + SITE_HOSTS + cells * hostsPerCell + 1;
  }

  /**
   * An architecture with {@code cells} cell zones of {@code hostsPerCell} hosts each (half HMIs, a
   * quarter engineering stations, the rest office PCs) and {@code office} office workstations.
   */
  public static String yaml(int cells, int hostsPerCell, int office) {
    if (cells < 1 || hostsPerCell < PLCS.size() + 4 || office < 1) {
      throw new IllegalArgumentException(
          "at least one cell of " + (PLCS.size() + 4) + " hosts and one office workstation");
    }
    StringBuilder y = new StringBuilder();
    y.append("id: purdue-").append(hosts(cells, hostsPerCell, office)).append("-hosts\n");
    y.append("title: Water treatment - a large Purdue site (generated)\n");
    y.append("plant: water-treatment\n");
    y.append("description: Generated for scale tests of the static checks.\n");
    y.append("zones:\n");
    zone(y, "enterprise", "4", 1);
    zone(y, "dmz", "3.5", 2);
    zone(y, "operations", "3", 2);
    for (int c = 1; c <= cells; c++) {
      zone(y, cell(c), "1", 2);
    }
    zone(y, "safety", "1", 3);

    y.append("hosts:\n");
    for (int i = 1; i <= office; i++) {
      host(y, "ws-" + i, "enterprise", "workstation", "{remoteServices: [smb], credentials: weak}");
    }
    host(y, "hist-mirror", "dmz", "historian", "{remoteServices: [http]}");
    host(y, "jump-1", "dmz", "jump-host", "{remoteServices: [rdp], credentials: weak}");
    host(y, "jump-2", "dmz", "jump-host", "{remoteServices: [rdp], credentials: weak}");
    host(y, "patch-1", "dmz", "jump-host", "{remoteServices: [http, ssh]}");
    host(y, "historian", "operations", "historian", "{remoteServices: [http]}");
    host(y, "eng-ws-1", "operations", "engineering-ws", "{remoteServices: [rdp]}");
    host(y, "eng-ws-2", "operations", "engineering-ws", "{remoteServices: [rdp]}");
    for (int i = 1; i <= 5; i++) {
      host(y, "hmi-ops-" + i, "operations", "hmi", "{remoteServices: [vnc], credentials: default}");
    }
    for (int c = 1; c <= cells; c++) {
      List<String> ids = new ArrayList<>();
      if (c == 1) {
        for (String plc : PLCS) {
          y.append("  - {id: ")
              .append(plc)
              .append(", zone: cell-1, role: plc, controller: ")
              .append(plc)
              .append("}\n");
          ids.add(plc);
        }
      }
      int rest = hostsPerCell - ids.size();
      int hmis = rest / 2;
      int engineering = rest / 4;
      for (int i = 1; i <= rest; i++) {
        if (i <= hmis) {
          host(
              y,
              "hmi-" + c + "-" + i,
              cell(c),
              "hmi",
              "{remoteServices: [vnc], credentials: default,"
                  + " opcua: {modes: [none], anonymous: true}}");
        } else if (i <= hmis + engineering) {
          host(
              y,
              "eng-" + c + "-" + (i - hmis),
              cell(c),
              "engineering-ws",
              "{remoteServices: [rdp], credentials: weak}");
        } else {
          host(
              y,
              "pc-" + c + "-" + (i - hmis - engineering),
              cell(c),
              "workstation",
              "{remoteServices: [smb], credentials: weak}");
        }
      }
    }
    y.append("  - {id: sis-water, zone: safety, role: sis, controller: sis-water,")
        .append(" posture: {opcua: {modes: [sign], anonymous: false}}}\n");

    y.append("conduits:\n");
    conduit(
        y,
        "ent-dmz",
        "enterprise",
        "dmz",
        rule("ws-mirror", "zone:enterprise", "host:hist-mirror", "http", "allow"),
        rule("ws-jump", "zone:enterprise", "host:jump-1", "rdp", "allow"));
    conduit(
        y,
        "dmz-ops",
        "dmz",
        "operations",
        rule("hist-push", "host:historian", "host:hist-mirror", "http", "allow"),
        rule("jump-eng", "host:jump-1", "zone:operations", "rdp", "allow"),
        rule("patch", "host:patch-1", "zone:operations", "any", "allow"));
    // The office reaches the first cell's remote desktops directly: a shortcut past the DMZ.
    conduit(
        y,
        "ent-cell-1",
        "enterprise",
        "cell-1",
        rule("office-rdp", "zone:enterprise", "zone:cell-1", "rdp", "allow"));
    for (int c = 1; c <= cells; c++) {
      String z = cell(c);
      conduit(
          y,
          "ops-" + z,
          "operations",
          z,
          "{id: hmi-modbus, from: zone:operations, to: zone:"
              + z
              + ", protocol: modbus, functionCodes: [1, 2, 3, 4, 6, 16], action: allow}",
          "{id: hist-read, from: host:historian, to: zone:"
              + z
              + ", protocol: modbus, functionCodes: [1, 2, 3, 4], action: allow}",
          rule("eng-any", "host:eng-ws-1", "zone:" + z, "any", "allow"),
          rule("ops-vnc", "zone:operations", "zone:" + z, "vnc", "allow"),
          rule("web", "zone:operations", "zone:" + z, "http", "allow"));
      if (c < cells) {
        conduit(
            y, z + "-" + cell(c + 1), z, cell(c + 1), rule("open", "any", "any", "any", "allow"));
      }
    }
    conduit(
        y,
        "cell-1-safety",
        "cell-1",
        "safety",
        "{id: cell-sis-read, from: zone:cell-1, to: host:sis-water, protocol: modbus,"
            + " functionCodes: [1, 2, 3, 4], action: allow}",
        rule("others-sis", "any", "zone:safety", "any", "reject"));
    y.append("sensors: {taps: [ent-dmz, dmz-ops, cell-1-safety], spans: [safety]}\n");
    y.append("entryPoints:\n");
    y.append("  internet: ws-1\n");
    y.append("  enterprise-workstation: ws-1\n");
    y.append("  control-insider: hmi-1-1\n");
    return y.toString();
  }

  private static String cell(int c) {
    return "cell-" + c;
  }

  private static void zone(StringBuilder y, String id, String level, int slt) {
    y.append(String.format(Locale.ROOT, "  - {id: %s, level: %s, slt: %d}%n", id, level, slt));
  }

  private static void host(StringBuilder y, String id, String zone, String role, String posture) {
    y.append("  - {id: ")
        .append(id)
        .append(", zone: ")
        .append(zone)
        .append(", role: ")
        .append(role)
        .append(", posture: ")
        .append(posture)
        .append("}\n");
  }

  private static String rule(String id, String from, String to, String protocol, String action) {
    return "{id: "
        + id
        + ", from: "
        + from
        + ", to: "
        + to
        + ", protocol: "
        + protocol
        + ", action: "
        + action
        + "}";
  }

  private static void conduit(StringBuilder y, String id, String a, String b, String... rules) {
    y.append("  - id: ").append(id).append('\n');
    y.append("    between: [").append(a).append(", ").append(b).append("]\n");
    y.append("    rules:\n");
    for (String r : rules) {
      y.append("      - ").append(r).append('\n');
    }
  }

  /** Writes an architecture: {@code FILE [CELLS [HOSTS_PER_CELL [OFFICE]]]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: PurdueArchitecture FILE [CELLS [HOSTS [OFFICE]]]");
    }
    int cells = args.length > 1 ? Integer.parseInt(args[1]) : CELLS;
    int perCell = args.length > 2 ? Integer.parseInt(args[2]) : HOSTS_PER_CELL;
    int office = args.length > 3 ? Integer.parseInt(args[3]) : OFFICE;
    Files.writeString(Path.of(args[0]), yaml(cells, perCell, office));
  }
}
