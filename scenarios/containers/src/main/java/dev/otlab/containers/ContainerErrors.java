package dev.otlab.containers;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the scenarios/containers module throws, each with its category and meaning. */
public final class ContainerErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "scenarios/containers";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "AGENT_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A container's host agent cannot listen on its port."),
        ErrorCode.of(
            "COMPOSE_NAME_INVALID",
            ErrorCategory.VALIDATION,
            "A host or conduit id cannot be a container name, or clashes with one otlab reserves."),
        ErrorCode.of(
            "COMPOSE_SITE_LABEL_INVALID",
            ErrorCategory.VALIDATION,
            "The node label a stack lab places its services by is not a label name."),
        ErrorCode.of(
            "COMPOSE_STACK_OWN_FILES",
            ErrorCategory.VALIDATION,
            "A stack lab cannot mount files of one's own: its containers run on machines that do not have them."),
        ErrorCode.of(
            "COMPOSE_SUBNET_INVALID",
            ErrorCategory.VALIDATION,
            "The compose subnet prefix is not the first two octets of an IPv4 network."),
        ErrorCode.of(
            "COMPOSE_TOO_MANY_ZONES",
            ErrorCategory.VALIDATION,
            "The architecture has more zones than a compose lab has subnets for."),
        ErrorCode.of(
            "CONDUIT_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "The architecture has no conduit with that id."),
        ErrorCode.of(
            "CONTAINER_FOOTHOLD_UNSUPPORTED",
            ErrorCategory.VALIDATION,
            "The scenario attaches a host for the run, which the container lab has no container for."),
        ErrorCode.of(
            "CONTAINER_AITM_UNSUPPORTED",
            ErrorCategory.VALIDATION,
            "The scenario needs an adversary-in-the-middle, which the container lab cannot place yet."),
        ErrorCode.of(
            "FRONT_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "The controller front of the process node cannot listen on a port."),
        ErrorCode.of(
            "GATEWAY_CONTROL_FAILED",
            ErrorCategory.CONFLICT,
            "A gateway refused a response's network change (another conduit, other zones, or a command not from the runner); the record names it."),
        ErrorCode.of(
            "GATEWAY_CONTROL_MALFORMED",
            ErrorCategory.VALIDATION,
            "A gateway control command is not one whole, valid line; nothing was applied."),
        ErrorCode.of(
            "GATEWAY_CONTROL_TIMEOUT",
            ErrorCategory.UNAVAILABLE,
            "A gateway did not confirm a response's network change in time; the record names it and the gateways that applied it."),
        ErrorCode.of(
            "NETWORK_INTERFACES",
            ErrorCategory.UNAVAILABLE,
            "A container cannot list its network interfaces."),
        ErrorCode.of(
            "NODE_ROLE_MISMATCH",
            ErrorCategory.VALIDATION,
            "A container node is started with a role its host does not have."),
        ErrorCode.of(
            "PROBE_OP_INVALID",
            ErrorCategory.VALIDATION,
            "A probe operation is unknown or has invalid arguments."),
        ErrorCode.of(
            "PROBE_TARGET_INVALID",
            ErrorCategory.VALIDATION,
            "A probe targets a host that runs no controller of the plant."),
        ErrorCode.of(
            "PROBE_TARGET_MISSING",
            ErrorCategory.VALIDATION,
            "A probe operation needs a target controller host and has none."),
        ErrorCode.of(
            "RUN_GATEWAY_UNREACHABLE",
            ErrorCategory.UNAVAILABLE,
            "The runner cannot reach a gateway's telemetry feed: the gateways or the management network are not set up."),
        ErrorCode.of(
            "START_INVALID",
            ErrorCategory.VALIDATION,
            "A shared start instant is not an epoch time in milliseconds."),
        ErrorCode.of("SUBNET_INVALID", ErrorCategory.VALIDATION, "A subnet is not an IPv4 CIDR."),
        ErrorCode.of(
            "TAP_FEED_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A gateway's tap feed cannot listen on its port."),
        ErrorCode.of(
            "TUNNEL_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A tunnel to a host agent cannot listen on a local port."),
        ErrorCode.of(
            "ZONE_NETWORK_MISSING",
            ErrorCategory.UNAVAILABLE,
            "A container has no address in the subnet of a zone it joins: its networks are not attached."));
  }
}
