/**
 * Soft PLCs and safety controllers: process image, points and their Modbus map, scan cycle,
 * operating modes and replaceable control programs. Protocol servers reach a controller only
 * through {@link dev.otlab.simulator.plc.ControllerEndpoint}.
 */
@NullMarked
package dev.otlab.simulator.plc;

import org.jspecify.annotations.NullMarked;
