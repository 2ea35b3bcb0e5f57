/**
 * Modbus TCP for the soft PLCs: a hardened server that exposes one {@link
 * dev.otlab.simulator.plc.ControllerEndpoint} per port, and a client wrapper for HMI, historian and
 * attack code.
 *
 * <p>The server is our own listener rather than j2mod's slave on purpose: j2mod's slave trusts the
 * MBAP length field, offers no hook to see or veto a request, and keeps slaves in a static map
 * keyed by port, so two labs in one JVM collide. Here frame decoding ({@link
 * dev.otlab.simulator.modbus.MbapHeader}, {@link dev.otlab.simulator.modbus.ModbusRequestDecoder})
 * and request execution ({@link dev.otlab.simulator.modbus.ModbusRequestHandler}) are pure classes
 * tested without sockets, and {@link dev.otlab.simulator.modbus.ModbusTcpServer} only moves bytes,
 * enforces timeouts and caps connections. j2mod is used for the client side only.
 */
@NullMarked
package dev.otlab.simulator.modbus;

import org.jspecify.annotations.NullMarked;
