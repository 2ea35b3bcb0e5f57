package dev.otlab.simulator.opcua;

import dev.otlab.core.OtlabException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/**
 * The OPC UA security modes a lab server may offer. The list is closed on purpose: Basic128Rsa15
 * and Basic256 are deprecated since OPC UA 1.04 (SHA-1, weak padding), and the Aes* policies are
 * not needed for the lab's scenarios, so a plant file that names them is an error rather than a
 * silent downgrade.
 */
public enum OpcUaSecurityMode {
  NONE("None", SecurityPolicy.None, MessageSecurityMode.None),
  BASIC256SHA256_SIGN(
      "Basic256Sha256 Sign", SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign),
  BASIC256SHA256_SIGN_AND_ENCRYPT(
      "Basic256Sha256 SignAndEncrypt",
      SecurityPolicy.Basic256Sha256,
      MessageSecurityMode.SignAndEncrypt);

  private final String label;
  private final SecurityPolicy policy;
  private final MessageSecurityMode mode;

  OpcUaSecurityMode(String label, SecurityPolicy policy, MessageSecurityMode mode) {
    this.label = label;
    this.policy = policy;
    this.mode = mode;
  }

  /** The spelling plant files use, e.g. {@code Basic256Sha256 SignAndEncrypt}. */
  public String label() {
    return label;
  }

  public SecurityPolicy policy() {
    return policy;
  }

  public MessageSecurityMode messageSecurityMode() {
    return mode;
  }

  /** Every spelling {@link #parse(String)} accepts, for error messages and docs. */
  public static String allowedLabels() {
    return Arrays.stream(values()).map(m -> "'" + m.label + "'").collect(Collectors.joining(", "));
  }

  /**
   * Parses a plant-file spelling such as {@code Basic256Sha256 SignAndEncrypt} (case-insensitive;
   * space, slash, colon or underscore between policy and mode).
   *
   * @throws OtlabException {@code OPCUA_SECURITY_INVALID} for anything else, including the
   *     deprecated Basic128Rsa15 and Basic256 policies
   */
  public static OpcUaSecurityMode parse(String text) {
    String normalized =
        text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s/:_#]+", " ");
    for (OpcUaSecurityMode m : values()) {
      if (m.label.toLowerCase(Locale.ROOT).equals(normalized)) {
        return m;
      }
    }
    String why =
        normalized.startsWith("basic128rsa15") || normalized.startsWith("basic256 ")
            ? " (that policy is deprecated since OPC UA 1.04 and not offered by the lab)"
            : "";
    throw new OtlabException(
        "OPCUA_SECURITY_INVALID",
        "OPC UA security mode '" + text + "' is not supported" + why + ".",
        "Use one of " + allowedLabels() + ".");
  }

  /** Finds the mode for a Milo policy and message mode, if the lab supports that pair. */
  public static java.util.Optional<OpcUaSecurityMode> of(
      SecurityPolicy policy, MessageSecurityMode mode) {
    return Arrays.stream(values()).filter(m -> m.policy == policy && m.mode == mode).findFirst();
  }
}
