package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A gateway's own address on each zone network, found from the zone's subnet: Docker names neither
 * interfaces nor attachment order reliably, but a subnet identifies the network.
 */
public final class ZoneAddresses {

  private ZoneAddresses() {}

  /**
   * Maps each zone to the local IPv4 address inside its subnet.
   *
   * @param subnets zone id to CIDR (e.g. 172.20.0.0/16)
   */
  public static Map<String, String> find(Map<String, String> subnets) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : subnets.entrySet()) {
      String address = local(e.getValue());
      if (address == null) {
        throw new OtlabException(
            "ZONE_NETWORK_MISSING",
            "This container has no address in zone "
                + e.getKey()
                + "'s subnet "
                + e.getValue()
                + ".",
            "Attach the gateway to every zone network it joins before it starts.");
      }
      out.put(e.getKey(), address);
    }
    return out;
  }

  /**
   * Whether an address lies in {@code cidr}.
   *
   * @throws OtlabException {@code SUBNET_INVALID} when it is not an IPv4 subnet
   */
  public static Predicate<InetAddress> in(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw invalid(cidr);
    }
    int prefix;
    int network;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
      network = toInt(InetAddress.getByName(cidr.substring(0, slash)));
    } catch (java.net.UnknownHostException | IllegalArgumentException ex) {
      throw invalid(cidr);
    }
    if (prefix < 0 || prefix > 32) {
      throw invalid(cidr);
    }
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    return a -> a instanceof Inet4Address && (toInt(a) & mask) == (network & mask);
  }

  private static @Nullable String local(String cidr) {
    Predicate<InetAddress> subnet = in(cidr);
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (subnet.test(a)) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException ex) {
      throw new OtlabException(
          "NETWORK_INTERFACES",
          "Cannot list network interfaces: " + ex.getMessage(),
          "Check the container's network setup.",
          ex);
    }
    return null;
  }

  private static int toInt(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length != 4) {
      throw new IllegalArgumentException("not IPv4: " + a);
    }
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  private static OtlabException invalid(String cidr) {
    return new OtlabException(
        "SUBNET_INVALID", "'" + cidr + "' is not an IPv4 subnet.", "Write it as 172.20.0.0/16.");
  }
}
