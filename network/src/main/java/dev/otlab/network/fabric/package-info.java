/**
 * The embedded network of a running lab: places hosts in their zones and gives every connection
 * between zones a chain of conduit relays on loopback, so that there is no path around the
 * conduits. Relays are created on first use and live until the fabric stops.
 */
@NullMarked
package dev.otlab.network.fabric;

import org.jspecify.annotations.NullMarked;
