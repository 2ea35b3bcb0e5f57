package dev.otlab.process;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the process models throw, each with its category and meaning. */
public final class ProcessErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "process";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "PROCESS_INPUT_INVALID",
            ErrorCategory.VALIDATION,
            "A process model input was written with NaN."),
        ErrorCode.of(
            "PROCESS_INTEGRATION_FAILED",
            ErrorCategory.INTERNAL,
            "The ODE solver failed to advance a process model, usually because of extreme parameters no check caught."),
        ErrorCode.of(
            "PROCESS_KIND_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A plant names a process model kind that does not exist; the name comes from the plant being validated."),
        ErrorCode.of(
            "PROCESS_PARAMETER_INVALID",
            ErrorCategory.VALIDATION,
            "A process model parameter is out of range or inconsistent with another."),
        ErrorCode.of(
            "PROCESS_PARAMETER_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A plant gives a process model a parameter it does not have."),
        ErrorCode.of(
            "PROCESS_STEP_INVALID",
            ErrorCategory.VALIDATION,
            "The maximum integration step is not a positive finite number."),
        ErrorCode.of(
            "PROCESS_TIME_INVALID",
            ErrorCategory.INTERNAL,
            "A process simulation was asked to go back in time or to a non-finite time; a bug in otlab."),
        ErrorCode.of(
            "SAFETY_LIMIT_INVALID",
            ErrorCategory.VALIDATION,
            "A safety limit of a safety instrumented system is invalid."),
        ErrorCode.of(
            "TAG_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "A process model has no tag or input of that name."),
        ErrorCode.of(
            "PROCESS_DESCRIPTION_INVALID",
            ErrorCategory.INTERNAL,
            "A process model kind describes its balances, production or mimic inconsistently (a tag it does not have, a unit off the canvas); a bug in that model's class."),
        ErrorCode.of(
            "EXPRESSION_INVALID",
            ErrorCategory.VALIDATION,
            "A process model equation does not parse, names a variable that is not declared or calls an unknown function."),
        ErrorCode.of(
            "UNIT_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A unit string of a declared process model does not parse or uses an unknown symbol."),
        ErrorCode.of(
            "UNIT_MISMATCH",
            ErrorCategory.VALIDATION,
            "The dimensions in a process model equation do not agree, for example a derivative that is not the state's unit per second."),
        ErrorCode.of(
            "PROCESS_SPEC_INVALID",
            ErrorCategory.VALIDATION,
            "A declared process model is inconsistent: a duplicate or missing name, a value that is not a constant, or algebraic variables that depend on each other in a cycle."),
        ErrorCode.of(
            "UNIT_KIND_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A composed process model names a unit kind the unit library does not have; the message lists the kinds."),
        ErrorCode.of(
            "UNIT_INVALID",
            ErrorCategory.VALIDATION,
            "A composed process model has an invalid or duplicate unit or stream id, an unknown option or option value, or a stream naming a unit or port that does not exist."),
        ErrorCode.of(
            "UNIT_PARAMETER_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A unit instance sets a parameter its kind does not have; the message lists the kind's parameters."),
        ErrorCode.of(
            "UNIT_PORT_UNCONNECTED",
            ErrorCategory.VALIDATION,
            "A required port of a unit instance has no stream."),
        ErrorCode.of(
            "UNIT_PORT_CONNECTED_TWICE",
            ErrorCategory.VALIDATION,
            "Two streams end at the same port of a unit instance."),
        ErrorCode.of(
            "STREAM_QUANTITY_MISMATCH",
            ErrorCategory.VALIDATION,
            "A stream joins ports that carry different quantities (a liquid outlet to a heat inlet)."),
        ErrorCode.of(
            "STREAM_FLOW_INVALID",
            ErrorCategory.VALIDATION,
            "Nothing sets the flow of a stream (both ends take the flow the other sets), or it is set twice (at both ends, or on both sides of a pipe)."),
        ErrorCode.of(
            "UNIT_TAG_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A composed process model binds a tag to a name no unit or stream declares."),
        ErrorCode.of(
            "PROCESS_KIND_DUPLICATE",
            ErrorCategory.INTERNAL,
            "Two process model classes on the class path claim the same kind; a packaging error."),
        ErrorCode.of(
            "FMU_FILE_MISSING",
            ErrorCategory.VALIDATION,
            "A plant names an FMU file that does not exist or cannot be read."),
        ErrorCode.of(
            "FMU_NOT_A_ZIP",
            ErrorCategory.VALIDATION,
            "A file named as an FMU is not a zip archive, which every FMU is."),
        ErrorCode.of(
            "FMU_DESCRIPTION_INVALID",
            ErrorCategory.VALIDATION,
            "An FMU has no modelDescription.xml, or one FMI4j cannot read as FMI 2.0."),
        ErrorCode.of(
            "FMU_NO_BINARY",
            ErrorCategory.VALIDATION,
            "An FMU carries no shared library for 64-bit Linux (binaries/linux64/ and the model identifier with .so), the platform the lab runs on."),
        ErrorCode.of(
            "FMU_NOT_COSIMULATION",
            ErrorCategory.VALIDATION,
            "An FMU supports model exchange only; the lab steps FMUs by co-simulation."),
        ErrorCode.of(
            "FMU_VARIABLE_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A plant binds a tag or a parameter to a variable the FMU does not have."),
        ErrorCode.of(
            "FMU_BINDING_INVALID",
            ErrorCategory.VALIDATION,
            "A plant's binding of an FMU is inconsistent: an input tag bound to a variable that is not an FMU input, a parameter bound to one that is not a parameter, a non-numeric variable, a tag bound twice or a step that is not a positive number."),
        ErrorCode.of(
            "FMU_CALL_FAILED",
            ErrorCategory.VALIDATION,
            "An FMI call of an FMU returned Discard, Error or Fatal: the FMU refused its parameters or failed a step; the message names the call and the status."));
  }
}
