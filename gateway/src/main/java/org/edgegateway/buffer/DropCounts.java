// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.util.concurrent.atomic.AtomicLongArray;
import org.edgegateway.data.Priority;

/** Running totals of dropped items by cause and priority; thread-safe, never reset. */
final class DropCounts {
  private static final int PRIORITIES = Priority.values().length;
  private final AtomicLongArray counts = new AtomicLongArray(DropCause.values().length * PRIORITIES);

  void add(DropCause cause, Priority priority, long n) {
    if (n > 0) counts.addAndGet(index(cause, priority), n);
  }

  void addAll(long[] delta) {
    for (int i = 0; i < delta.length; i++) {
      if (delta[i] != 0) counts.addAndGet(i, delta[i]);
    }
  }

  /** A copy of the totals, indexed like {@link #index}. */
  long[] snapshot() {
    long[] copy = new long[counts.length()];
    for (int i = 0; i < copy.length; i++) copy[i] = counts.get(i);
    return copy;
  }

  long capDrops() {
    return sum(true);
  }

  long otherDrops() {
    return sum(false);
  }

  private long sum(boolean cap) {
    long sum = 0;
    for (DropCause cause : DropCause.values()) {
      if (cause.isCap() != cap) continue;
      for (Priority priority : Priority.values()) sum += counts.get(index(cause, priority));
    }
    return sum;
  }

  static long[] empty() {
    return new long[DropCause.values().length * PRIORITIES];
  }

  static int index(DropCause cause, Priority priority) {
    return cause.ordinal() * PRIORITIES + priority.ordinal();
  }
}
