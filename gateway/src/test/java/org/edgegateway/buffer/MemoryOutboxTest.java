// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.edgegateway.data.Priority;
import org.junit.jupiter.api.Test;

/** What only the memory outbox promises: no writer, so offered items are visible at once. */
class MemoryOutboxTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

  @Test
  void offeredItemIsVisibleWithoutFlush() {
    MemoryOutbox outbox = new MemoryOutbox(100, clock);
    assertTrue(outbox.offer(Items.reading(clock.millis(), 1)));
    assertEquals(1, outbox.next(Priority.TELEMETRY, 0, 10).size());
    assertEquals(1, outbox.stats().committed());
  }
}
