// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final OutboxSettings CAPS = OutboxSettings.defaults(Path.of("unused.db"))
      .withMaxRows(100)
      .withMaxBytes(100_000);

  @Test
  void underTheCapsNothingGoes() {
    assertEquals(new Retention(0, 0, 0, 0), Retention.plan(CAPS, 5, 85, 50_000));
  }

  @Test
  void telemetryMayNotUseTheEventReserve() {
    assertEquals(new Retention(5, 0, 0, 0), Retention.plan(CAPS, 0, 95, 50_000));
  }

  @Test
  void eventsAboveTheReservePushOutTelemetryFirst() {
    assertEquals(new Retention(20, 0, 0, 0), Retention.plan(CAPS, 30, 90, 50_000));
  }

  @Test
  void eventsGoOnlyWhenNoTelemetryIsLeft() {
    assertEquals(new Retention(3, 0, 4, 0), Retention.plan(CAPS, 104, 3, 50_000));
  }

  @Test
  void sizeCapDropsTelemetryByAverageRowSize() {
    // 50 rows in 200 kB, 4 kB a row: the reserve alone would take 23 telemetry rows, the 100 kB cap takes 25.
    assertEquals(new Retention(0, 25, 0, 0), Retention.plan(CAPS, 5, 45, 200_000));
    // 50 rows in 110 kB, 2.2 kB a row: 45 telemetry rows hold 99 kB, 9 kB over their 90 kB, so 5 go.
    assertEquals(new Retention(0, 5, 0, 0), Retention.plan(CAPS, 5, 45, 110_000));
  }
}
