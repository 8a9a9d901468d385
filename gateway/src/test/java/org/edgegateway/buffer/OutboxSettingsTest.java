// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxSettingsTest {
  private static final OutboxSettings DEFAULTS = OutboxSettings.defaults(Path.of("outbox.db"));

  @Test
  void defaultsSurvivePowerLossAndKeepAReserveForEvents() {
    assertTrue(DEFAULTS.synchronousFull());
    assertEquals(0.1, DEFAULTS.eventReserve());
    assertEquals(1_800_000, DEFAULTS.telemetryRowLimit());
  }

  @Test
  void badValuesAreRejectedByName() {
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMaxRows(1));
    assertEquals("maxRows below 2: 1", rows.getMessage());
    IllegalArgumentException age = assertThrows(IllegalArgumentException.class,
        () -> DEFAULTS.withMaxAge(Duration.ZERO));
    assertEquals("maxAge not positive: PT0S", age.getMessage());
    IllegalArgumentException queue = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withQueues(0, 1));
    assertEquals("queueCapacity below 1: 0", queue.getMessage());
  }
}
