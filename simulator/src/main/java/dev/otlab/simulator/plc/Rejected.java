package dev.otlab.simulator.plc;

/**
 * A refused read or write.
 *
 * @param reason the category protocol servers map to their codes
 * @param detail one sentence naming the point and what was wrong
 */
public record Rejected(Rejection reason, String detail) implements ReadResult, WriteResult {}
