// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysStayBetweenMinimumAndADoublingCap() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(42));
    long cap = 1000;
    for (int i = 0; i < 30; i++) {
      long delay = backoff.next().toMillis();
      assertTrue(delay >= 1000 && delay <= cap, "attempt " + i + ": " + delay + " outside [1000, " + cap + "]");
      cap = Math.min(300_000, cap * 2);
    }
  }

  @Test
  void jitterSpreadsAFleetAndResetStartsOver() {
    List<Long> fleet = new ArrayList<>();
    for (int gateway = 0; gateway < 5; gateway++) {
      Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(gateway));
      for (int i = 0; i < 8; i++) backoff.next();
      fleet.add(backoff.next().toMillis());
    }
    assertNotEquals(1, fleet.stream().distinct().count(), "all gateways would retry at once: " + fleet);

    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(1));
    for (int i = 0; i < 10; i++) backoff.next();
    backoff.reset();
    assertEquals(100, backoff.next().toMillis());
  }
}
