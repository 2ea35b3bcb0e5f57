package dev.otlab.attacks;

import dev.otlab.core.OtlabException;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps attack traffic inside the running lab. Two gates: parameter values that name a network
 * address (rather than a lab host id) are refused before anything happens, and every address a
 * technique connects to must be a loopback literal that {@link AttackContext#access} handed out. No
 * name is ever resolved through DNS here: a lookup would itself leave the lab.
 */
public final class Guardrail {

  /** Error code of every refusal. */
  public static final String CODE = "ATTACK_TARGET_OUTSIDE_LAB";

  // Free-text values that may legitimately contain dots or '@'.
  private static final Set<String> FREE_TEXT = Set.of("username", "password");

  private static final Pattern IPV4 =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(:\\d{1,5})?(/\\d{1,2})?");
  private static final Pattern IPV6 =
      Pattern.compile("\\[?[0-9A-Fa-f.]*(:[0-9A-Fa-f.]*){2,}\\]?(%\\w+)?");
  private static final Pattern HOSTNAME =
      Pattern.compile("([A-Za-z0-9-]+\\.)+[A-Za-z][A-Za-z0-9-]*\\.?(:\\d{1,5})?");

  private Guardrail() {}

  /** Whether {@code value} names a network address, URL or DNS name rather than a lab host id. */
  public static boolean looksLikeAddress(String value) {
    String v = value.trim();
    if (v.isEmpty()) {
      return false;
    }
    return v.contains("://")
        || IPV4.matcher(v).matches()
        || IPV6.matcher(v).matches()
        || HOSTNAME.matcher(v).matches()
        || v.equalsIgnoreCase("localhost");
  }

  /**
   * Refuses every parameter value that is an address: techniques name targets by host id only.
   *
   * @throws OtlabException {@value #CODE}
   */
  public static void checkParameters(Map<String, String> params) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!FREE_TEXT.contains(e.getKey()) && looksLikeAddress(e.getValue())) {
        throw new OtlabException(
            CODE,
            "Parameter '"
                + e.getKey()
                + "' is the network address '"
                + e.getValue()
                + "'; attack steps only target hosts of the running lab, so nothing was sent.",
            "Name a host of the architecture by its id (for example 'target: plc-intake'), or a"
                + " plant controller or role the scenario resolves to one.");
      }
    }
  }

  /**
   * Refuses a target that is not a host id of the lab: an address is an error (the run must stop),
   * an unknown plain name is the caller's to report.
   *
   * @return whether the architecture has such a host
   */
  public static boolean isLabHost(AttackContext ctx, String target) {
    if (looksLikeAddress(target)) {
      checkParameters(Map.of("target", target));
    }
    return ctx.architecture().host(target).isPresent();
  }

  /**
   * The way from the current host to {@code protocol} on lab host {@code host}, checked: the host
   * must be one of the architecture and the address a loopback literal.
   *
   * @throws OtlabException {@value #CODE} when either is not so; nothing has been sent then
   */
  public static Access access(AttackContext ctx, String host, Protocol protocol) {
    if (!isLabHost(ctx, host)) {
      throw new OtlabException(
          CODE,
          "'" + host + "' is not a host of architecture '" + ctx.architecture().id() + "'.",
          "Use one of " + ctx.architecture().hosts().stream().map(HostSpec::id).toList() + ".");
    }
    Access a = ctx.access(host, protocol);
    requireLabAddress(a.address());
    return a;
  }

  /**
   * Returns {@code address} when it is a loopback literal ({@code 127.0.0.0/8}, {@code ::1}) or
   * {@code localhost}; refuses anything else before a socket exists.
   *
   * @throws OtlabException {@value #CODE}
   */
  public static String requireLabAddress(String address) {
    if (isLoopbackLiteral(address)) {
      return address;
    }
    throw new OtlabException(
        CODE,
        "Refusing to connect to '"
            + address
            + "': it is not a loopback address of the running lab (private, public, link-local"
            + " and the container host's gateway are all outside it). Nothing was sent.",
        "Target lab hosts by id so that the lab's network hands out the address; if a lab"
            + " component returned this address, it is misconfigured: bind it to 127.0.0.1.");
  }

  static boolean isLoopbackLiteral(String address) {
    String a = address.trim();
    if (a.equals("localhost") || a.equals("::1") || a.equals("[::1]")) {
      return true;
    }
    String[] parts = a.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
