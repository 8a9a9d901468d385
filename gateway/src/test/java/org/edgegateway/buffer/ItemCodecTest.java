// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.edgegateway.data.Event;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;
import org.junit.jupiter.api.Test;

class ItemCodecTest {

  @Test
  void readingBodyIsCompact() {
    byte[] body = ItemCodec.encode(new Reading("bed-1.moisture", 1, 23.5, "%RH", Quality.OK));
    assertEquals(1 + 1 + 14 + 8 + 1 + 3 + 1, body.length);
  }

  @Test
  void eventKeepsItsTimeFromTheColumnAndEveryOtherField() {
    Event event = new Event(42, "valve.opened", "zone-1", Severity.CRITICAL, "manual override", Double.NaN);
    assertEquals(event, ItemCodec.decode(ItemCodec.encode(event), 42));
  }

  @Test
  void truncatedBodyIsRejectedWithWhereItEnds() {
    byte[] body = ItemCodec.encode(new Reading("bed-1.moisture", 1, 23.5, "%RH", Quality.OK));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ItemCodec.decode(Arrays.copyOf(body, body.length - 3), 1));
    assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("out of range"), e.getMessage());
  }

  @Test
  void unknownLayoutIsRejectedByNumber() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ItemCodec.decode(new byte[] {9, 0}, 1));
    assertEquals("unknown item layout: 9", e.getMessage());
  }

  @Test
  void longStringLengthsUseSeveralVarintBytes() {
    String message = "ü".repeat(100_000);
    Event event = new Event(1, "rule.fired", "r", Severity.INFO, message, 0);
    assertEquals(event, ItemCodec.decode(ItemCodec.encode(event), 1));
  }
}
