/**
 * Process models as data: a {@link dev.otlab.process.declared.ProcessModelSpec} (parameters,
 * states, inputs with actuator lag and limits, algebraic variables, state bounds, outputs and
 * events), validated on construction and compiled to a {@link dev.otlab.process.ProcessModel} that
 * {@link dev.otlab.process.ProcessSimulation} integrates like the hand-written Java models. The
 * records use plain field names and lists so that a plant file's YAML binds to them directly.
 */
@NullMarked
package dev.otlab.process.declared;

import org.jspecify.annotations.NullMarked;
