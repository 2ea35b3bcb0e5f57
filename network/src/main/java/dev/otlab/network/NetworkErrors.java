package dev.otlab.network;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the network module throws, each with its category and meaning. */
public final class NetworkErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "network";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "ADDRESS_PLAN_FULL",
            ErrorCategory.VALIDATION,
            "A zone holds more hosts than the address plan of packet captures numbers."),
        ErrorCode.of(
            "AITM_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "The adversary-in-the-middle interceptor cannot listen on a local port."),
        ErrorCode.of(
            "AITM_NO_ROUTE",
            ErrorCategory.VALIDATION,
            "An adversary-in-the-middle step names a client that has no route to the server."),
        ErrorCode.of(
            "AITM_PROTOCOL",
            ErrorCategory.VALIDATION,
            "An adversary-in-the-middle step asks for a protocol other than Modbus."),
        ErrorCode.of(
            "CAPTURE_LIMIT_INVALID",
            ErrorCategory.VALIDATION,
            "A packet capture's memory limit is not a positive size."),
        ErrorCode.of(
            "FABRIC_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "The embedded lab network cannot listen on a local port."),
        ErrorCode.of(
            "FABRIC_CONDUIT_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "A rule change at run time names a conduit the architecture does not have."),
        ErrorCode.of(
            "FABRIC_NOT_STARTED",
            ErrorCategory.INTERNAL,
            "The lab network was used before it started; a bug in otlab."),
        ErrorCode.of(
            "HOST_UNKNOWN", ErrorCategory.NOT_FOUND, "The architecture has no host with that id."),
        ErrorCode.of(
            "RELAY_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A conduit relay cannot listen on its address and port."),
        ErrorCode.of(
            "RELAY_CONFIG_INVALID",
            ErrorCategory.VALIDATION,
            "A conduit relay setting is out of range."),
        ErrorCode.of(
            "RELAY_NOT_STARTED",
            ErrorCategory.INTERNAL,
            "A conduit relay was asked for its port before it started; a bug in otlab."),
        ErrorCode.of(
            "RELAY_RUNNING",
            ErrorCategory.INTERNAL,
            "A running conduit relay was started again; a bug in otlab."),
        ErrorCode.of(
            "REMOTE_SERVICE_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A host's remote-access service (SSH, RDP, ...) cannot listen on a local port."),
        ErrorCode.of(
            "REMOTE_TLS_FAILED",
            ErrorCategory.INTERNAL,
            "The Java runtime's TLS engine could not make or answer an HTTPS session's opening."),
        ErrorCode.of(
            "SERVICE_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "The host offers no service of that protocol in this lab."));
  }
}
