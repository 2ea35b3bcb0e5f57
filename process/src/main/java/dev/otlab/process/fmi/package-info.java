/**
 * FMI 2.0 co-simulation: an FMU as a plant's process model. {@link
 * dev.otlab.process.fmi.FmuProcessModel} opens an FMU with FMI4j, binds the plant's tags to the
 * FMU's variables ({@link dev.otlab.process.fmi.FmuSpec}) and steps it as a {@link
 * dev.otlab.process.SteppedProcessModel}, which {@link dev.otlab.process.ProcessSimulation} drives
 * on the lab clock like an ODE model. FMI4j (a Kotlin library with a JNI bridge) is used only in
 * this package, so the rest of otlab sees tags, steps and otlab's own errors.
 */
@NullMarked
package dev.otlab.process.fmi;

import org.jspecify.annotations.NullMarked;
