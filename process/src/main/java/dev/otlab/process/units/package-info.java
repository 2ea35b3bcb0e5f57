/**
 * A library of unit models (tank, valve, pump, pipe, mixer, splitter, heat exchanger, jacketed
 * CSTR, dosing, drum, burner, and the plant's boundaries: source and sink) that a plant file
 * composes by naming unit instances and the streams between them, instead of writing equations.
 *
 * <p>{@link dev.otlab.process.units.UnitPlant} expands the instances into ONE {@link
 * dev.otlab.process.declared.ProcessModelSpec}, so a composed plant is integrated, validated and
 * reported exactly like a declared one. Each unit kind is a {@link
 * dev.otlab.process.units.UnitKind} found by the service loader, so a new unit model is one class
 * and one line in {@code META-INF/services}.
 *
 * <p>Names: everything a unit instance declares is prefixed with its id and an underscore ({@code
 * t101_level}, {@code mv101_command}), everything a stream carries with the stream's id ({@code
 * s1_flow}, {@code s1_temp}, {@code s1_solute}, {@code s1_pressure}), because the expression
 * language's names are {@code [A-Za-z_][A-Za-z0-9_]*} and cannot hold a dot. The plant's {@code
 * tags} binding maps a plant tag to such a name: a state, input, lag state or parameter is renamed
 * (so it is reported, written and overridden under the tag), an algebraic variable (a stream's
 * flow, a pump's dry-run flag) is reported as an output under the tag.
 *
 * <p>Streams: a {@link dev.otlab.process.units.StreamType#LIQUID liquid} stream carries a
 * volumetric flow, a temperature, the mass flow of one dissolved component (the solute, g/h: a dose
 * or a reactant) and a pressure; a {@link dev.otlab.process.units.StreamType#HEAT heat} stream
 * carries a heat flow. The unit upstream defines temperature, solute and pressure; the flow is
 * defined by exactly one end (a pump or valve sets it, a tank inlet accepts it) or passed through a
 * unit (a pipe, a dosing point) from the stream on its other side. Carrying the solute as a mass
 * flow rather than a concentration keeps a dose that enters a stagnant line: the water-treatment
 * model adds its chlorine to the treated tank even with the transfer pump off.
 */
@NullMarked
package dev.otlab.process.units;

import org.jspecify.annotations.NullMarked;
