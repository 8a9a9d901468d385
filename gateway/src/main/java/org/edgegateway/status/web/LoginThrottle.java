// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Bounds password guessing: at most {@code perClient} failed logins per client address and {@code overall}
 * failed logins from all addresses within {@code windowNanos}. A refused attempt is not even checked (so it costs
 * no hashing), and a good login clears its address's failures. Remembers at most {@link #MAX_CLIENTS} addresses.
 */
final class LoginThrottle {
  static final int MAX_CLIENTS = 1024;

  private final int perClient;
  private final int overall;
  private final long windowNanos;
  private final LongSupplier nanos;
  private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true);
  private final Deque<Long> all = new ArrayDeque<>();

  LoginThrottle(int perClient, int overall, long windowNanos, LongSupplier nanos) {
    if (perClient < 1 || overall < perClient) throw new IllegalArgumentException("bad limits: " + perClient + "/"
        + overall);
    this.perClient = perClient;
    this.overall = overall;
    this.windowNanos = windowNanos;
    this.nanos = nanos;
  }

  /** 0 if {@code client} may try now, else the seconds until it may (at least 1). */
  synchronized long retryAfterSeconds(String client) {
    long now = nanos.getAsLong();
    expire(all, now);
    Deque<Long> mine = failures.get(client);
    if (mine != null) expire(mine, now);
    long wait = 0;
    if (mine != null && mine.size() >= perClient) wait = mine.peekFirst() + windowNanos - now;
    if (all.size() >= overall) wait = Math.max(wait, all.peekFirst() + windowNanos - now);
    return wait <= 0 ? 0 : Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
  }

  synchronized void failed(String client) {
    long now = nanos.getAsLong();
    failures.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(now);
    all.addLast(now);
    while (all.size() > overall) all.removeFirst();
    if (failures.size() > MAX_CLIENTS) {
      var eldest = failures.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  synchronized void succeeded(String client) {
    failures.remove(client);
  }

  private void expire(Deque<Long> times, long now) {
    while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) times.removeFirst();
  }
}
