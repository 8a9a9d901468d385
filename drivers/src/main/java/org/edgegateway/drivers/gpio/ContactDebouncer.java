// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

/**
 * Debounces a contact from edge timestamps alone, without a timer: a level becomes the debounced (stable) level
 * once the raw line has held it for the debounce time, and every stable change from inactive to active counts as
 * one activation. Bounces and glitches shorter than the debounce time therefore change nothing, and a pulse counts
 * only if both its active and its inactive phase last at least the debounce time. Settling happens at the next edge
 * or at the next query, whichever comes first. Thread-safe; every method is a few comparisons under a lock.
 */
final class ContactDebouncer {
  private final long debounceNanos;
  private boolean raw;
  private boolean stable;
  private long lastEdgeNanos;
  private long activations;

  /** Starts settled at {@code initialActive}, as if the line had been quiet for the debounce time. */
  ContactDebouncer(long debounceNanos, boolean initialActive, long nowNanos) {
    if (debounceNanos < 0) throw new IllegalArgumentException("debounce negative: " + debounceNanos);
    this.debounceNanos = debounceNanos;
    this.raw = initialActive;
    this.stable = initialActive;
    this.lastEdgeNanos = nowNanos - debounceNanos;
  }

  /** Records the raw line changing to {@code active}; a repeat of the current raw level is ignored. */
  synchronized void edge(boolean active, long nowNanos) {
    if (active == raw) return;
    settle(nowNanos);
    raw = active;
    lastEdgeNanos = nowNanos;
  }

  /** Debounced activations so far, counting a still-held activation once it has lasted the debounce time. */
  synchronized long activations(long nowNanos) {
    settle(nowNanos);
    return activations;
  }

  /** The debounced level at {@code nowNanos}. */
  synchronized boolean level(long nowNanos) {
    settle(nowNanos);
    return stable;
  }

  /** The last raw level recorded. */
  synchronized boolean raw() {
    return raw;
  }

  /** When the last raw edge was recorded. */
  synchronized long lastEdgeNanos() {
    return lastEdgeNanos;
  }

  private void settle(long nowNanos) {
    if (raw == stable || nowNanos - lastEdgeNanos < debounceNanos) return;
    stable = raw;
    if (stable) activations++;
  }
}
