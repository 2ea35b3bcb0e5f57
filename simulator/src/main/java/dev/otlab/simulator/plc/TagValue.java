package dev.otlab.simulator.plc;

/**
 * A tag reading in engineering units.
 *
 * @param tag the tag
 * @param value engineering value (0 or 1 for booleans)
 * @param quality how far to trust it
 * @param sourceTime simulated seconds when the controller last updated it
 */
public record TagValue(String tag, double value, Quality quality, double sourceTime) {}
