package dev.otlab.containers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tells a gateway's relays who is connecting, by Docker's DNS: a host's container answers to its
 * host id on its zone networks. Addresses are cached; a miss looks the name up again (a restarted
 * container may come back with another address), but at most once a second per name, so a flood
 * from a stranger costs no more than one lookup per second.
 */
public final class DnsSources implements GatewayNode.Sources {

  private static final long REFRESH_NANOS = 1_000_000_000L;

  /** Looks a name up; an unknown name has no addresses. */
  @FunctionalInterface
  public interface Resolver {
    Set<InetAddress> resolve(String name);
  }

  private record Entry(Set<InetAddress> addresses, long resolvedAt) {}

  private final Resolver resolver;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  /** Resolves through the container's resolver. */
  public DnsSources() {
    this(DnsSources::lookup, System::nanoTime);
  }

  DnsSources(Resolver resolver, LongSupplier nanoTime) {
    this.resolver = resolver;
    this.nanoTime = nanoTime;
  }

  @Override
  public boolean from(String host, InetAddress address) {
    Entry e = cache.get(host);
    if (e != null && e.addresses().contains(address)) {
      return true;
    }
    long now = nanoTime.getAsLong();
    if (e != null && now - e.resolvedAt() < REFRESH_NANOS) {
      return false;
    }
    Entry fresh = new Entry(Set.copyOf(resolver.resolve(host)), now);
    cache.put(host, fresh);
    return fresh.addresses().contains(address);
  }

  private static Set<InetAddress> lookup(String name) {
    try {
      return Set.copyOf(Arrays.asList(InetAddress.getAllByName(name)));
    } catch (UnknownHostException e) {
      return Set.of();
    }
  }
}
