package dev.otlab.simulator;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the simulator module throws, each with its category and meaning. */
public final class SimulatorErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "simulator";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "BLOCK_INVALID",
            ErrorCategory.VALIDATION,
            "A control block of a controller has no type."),
        ErrorCode.of(
            "BLOCK_PARAM_INVALID",
            ErrorCategory.VALIDATION,
            "A control block parameter is neither a finite number nor a tag of its controller."),
        ErrorCode.of(
            "BLOCK_PARAM_MISSING",
            ErrorCategory.VALIDATION,
            "A control block lacks a parameter its type requires."),
        ErrorCode.of(
            "BLOCK_PARAM_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A control block has a parameter its type does not take."),
        ErrorCode.of(
            "BLOCK_TYPE_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A controller names a control block type that does not exist; the name comes from the plant being validated."),
        ErrorCode.of(
            "CLOCK_PERIOD_INVALID",
            ErrorCategory.VALIDATION,
            "A periodic task of the lab clock has a period that is not positive and finite."),
        ErrorCode.of(
            "CLOCK_TASK_FAILED",
            ErrorCategory.INTERNAL,
            "A task on the lab clock threw; a bug or a configuration no check caught, with the cause attached."),
        ErrorCode.of(
            "CLOCK_TIME_INVALID",
            ErrorCategory.VALIDATION,
            "A task is scheduled at a negative or non-finite simulated time."),
        ErrorCode.of(
            "CONTROLLER_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "The plant has no controller with that id."),
        ErrorCode.of(
            "MODBUS_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A soft PLC's Modbus server cannot listen on its address and port (taken, or not an address of this machine)."),
        ErrorCode.of(
            "MODBUS_CONFIG_INVALID",
            ErrorCategory.VALIDATION,
            "A Modbus server setting is out of range."),
        ErrorCode.of(
            "MODBUS_EXCEPTION_RESPONSE",
            ErrorCategory.VALIDATION,
            "A Modbus device answered with an exception response: the function, address or value does not fit its register map."),
        ErrorCode.of(
            "MODBUS_IO",
            ErrorCategory.UNAVAILABLE,
            "A Modbus request got no usable answer: connection refused or closed, or a timeout."),
        ErrorCode.of(
            "MODBUS_SERVER_NOT_STARTED",
            ErrorCategory.INTERNAL,
            "A Modbus server was asked for its port before it started; a bug in otlab."),
        ErrorCode.of(
            "MODBUS_SERVER_RUNNING",
            ErrorCategory.INTERNAL,
            "A running Modbus server was started again; a bug in otlab."),
        ErrorCode.of(
            "MQTT_BROKER_NOT_STARTED",
            ErrorCategory.CONFLICT,
            "An MQTT broker's port was asked for before it was started."),
        ErrorCode.of(
            "MQTT_BROKER_START_FAILED",
            ErrorCategory.UNAVAILABLE,
            "An mqtt-broker host's embedded broker (Moquette) cannot listen on its loopback address."),
        ErrorCode.of(
            "OPCUA_BIND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A soft PLC's OPC UA server cannot listen on its address and port, or finds no free port."),
        ErrorCode.of(
            "OPCUA_CLIENT_INVALID",
            ErrorCategory.VALIDATION,
            "An OPC UA client option (timeout, application name) is invalid."),
        ErrorCode.of(
            "OPCUA_CONNECT_FAILED",
            ErrorCategory.UNAVAILABLE,
            "An OPC UA client cannot reach the server or open a session."),
        ErrorCode.of(
            "OPCUA_ENDPOINT_NOT_OFFERED",
            ErrorCategory.VALIDATION,
            "The OPC UA server offers no endpoint with the security mode asked for."),
        ErrorCode.of(
            "OPCUA_NOT_RUNNING",
            ErrorCategory.INTERNAL,
            "An OPC UA server that is not running was used; a bug in otlab."),
        ErrorCode.of(
            "OPCUA_PKI_FAILED",
            ErrorCategory.INTERNAL,
            "The OPC UA certificate or trust list cannot be created in the PKI folder; INTERNAL, because that folder is the lab's own storage, not a path the user gave, and the log has the path and cause."),
        ErrorCode.of(
            "OPCUA_PLC_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "The OPC UA server has no namespace for that PLC id."),
        ErrorCode.of(
            "OPCUA_REQUEST_FAILED",
            ErrorCategory.UNAVAILABLE,
            "An OPC UA read, write or browse failed on the server or on the way (bad status or lost connection)."),
        ErrorCode.of(
            "OPCUA_SECURITY_INVALID",
            ErrorCategory.VALIDATION,
            "An OPC UA security mode is unknown or not supported by the lab."),
        ErrorCode.of(
            "OPCUA_SETTINGS_INVALID",
            ErrorCategory.VALIDATION,
            "An OPC UA server setting is out of range."),
        ErrorCode.of(
            "OPCUA_START_FAILED",
            ErrorCategory.UNAVAILABLE,
            "An OPC UA server did not start in time or its start was interrupted."),
        ErrorCode.of(
            "POINT_DUPLICATE",
            ErrorCategory.VALIDATION,
            "A controller declares the same tag twice."),
        ErrorCode.of(
            "POINT_INVALID",
            ErrorCategory.VALIDATION,
            "A controller point (table, address, type, range) is invalid."),
        ErrorCode.of(
            "POINT_OVERLAP",
            ErrorCategory.VALIDATION,
            "Two points of a controller share a register or coil."),
        ErrorCode.of(
            "PORT_INVALID", ErrorCategory.VALIDATION, "A server port is outside 0 to 65000."),
        ErrorCode.of(
            "PROGRAM_MALFORMED",
            ErrorCategory.VALIDATION,
            "A control program sent over the engineering protocol does not parse."),
        ErrorCode.of(
            "SET_REJECTED",
            ErrorCategory.VALIDATION,
            "A --set value is outside the point's range."),
        ErrorCode.of(
            "SET_UNKNOWN_TAG",
            ErrorCategory.VALIDATION,
            "A --set names a tag that no controller has, or one that is read-only."),
        ErrorCode.of(
            "SPEED_INVALID",
            ErrorCategory.VALIDATION,
            "A clock speed is not a positive number or max, or max where the lab must run in step with wall time."),
        ErrorCode.of(
            "UNIT_ID_INVALID",
            ErrorCategory.VALIDATION,
            "A controller's Modbus unit id is outside 0 to 255."));
  }
}
