package dev.otlab.simulator.plant;

/**
 * How a safety controller takes an actuator away from the PLC: while the SIS point {@code when} is
 * set, process input {@code output} is forced to {@code value}, whatever the PLC commands. This
 * mirrors a SIS wired in series with the PLC output (a trip relay), which is why the SIS wins.
 *
 * @param output process input the SIS forces
 * @param when boolean point of the SIS that activates the override
 * @param value the safe value
 */
public record OverrideSpec(String output, String when, double value) {}
