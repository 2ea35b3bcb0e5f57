package dev.otlab.scoring.arch;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;

/**
 * The worst case for a path enumerator: every zone has a conduit to every other zone, each with one
 * allow-any rule. Used by {@link ReachabilityBenchmark} and the unit test that holds the analysis
 * to polynomial work.
 */
final class Meshed {

  private Meshed() {}

  /**
   * {@code zones} zones (z0 enterprise, z1 DMZ, z2 operations, the rest control), each with {@code
   * hostsPerZone} hosts: a jump host with weak ssh, a PLC, then PLCs and workstations in turn.
   * Every host is an entry point candidate: z0's first host is the internet entry point.
   */
  static ArchitectureSpec architecture(int zones, int hostsPerZone) {
    Specs s = new Specs();
    for (int z = 0; z < zones; z++) {
      double level = z == 0 ? 4 : z == 1 ? 3.5 : z == 2 ? 3 : 2;
      s.zone("z" + z, level, z == 0 ? 1 : 2);
    }
    for (int z = 0; z < zones; z++) {
      for (int h = 0; h < hostsPerZone; h++) {
        String id = "h" + z + "-" + h;
        if (h == 0) {
          s.host(
              id, HostRole.JUMP_HOST, Specs.remote(Credentials.WEAK, RemoteService.SSH), "z" + z);
        } else if (h % 2 == 1) {
          s.host(id, HostRole.PLC, "z" + z);
        } else {
          s.host(id, HostRole.WORKSTATION, "z" + z);
        }
      }
    }
    for (int a = 0; a < zones; a++) {
      for (int b = a + 1; b < zones; b++) {
        s.conduit(
            "c" + a + "-" + b, "z" + a, "z" + b, Specs.allow("any", "any", "any", Protocol.ANY));
      }
    }
    s.entry("internet", "h0-0");
    return s.build();
  }
}
