// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration MIN = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofMinutes(5);

  @Test
  void everyDelayIsAtLeastTheFloorAndWithinADoublingWindowCappedAtTheMaximum() {
    for (int seed = 0; seed < 200; seed++) {
      Backoff backoff = new Backoff(MIN, MAX, new SplittableRandom(seed));
      long cap = 2000;
      for (int n = 0; n < 40; n++) {
        long delay = backoff.next().toMillis();
        assertTrue(delay >= 1000 && delay <= cap, "seed " + seed + ", retry " + n + ": " + delay + " outside [1000, "
            + cap + "]");
        cap = Math.min(300_000, cap * 2);
      }
    }
  }

  /** A fleet that lost its broker at one instant: the first retries spread evenly over [min, 2·min]. */
  @Test
  void firstRetriesOfAFleetSpreadEvenlyOverTheFirstWindow() {
    long[] first = delays(10_000, 0);
    assertTrue(LongStream.of(first).allMatch(d -> d >= 1000 && d <= 2000), "a first delay outside [1 s, 2 s]");
    long[] buckets = new long[10];
    for (long d : first) buckets[(int) Math.min(9, (d - 1000) / 100)]++;
    for (int b = 0; b < buckets.length; b++) {
      // 1,000 expected per 100 ms; 4.5 standard deviations (about 30) either way.
      assertTrue(Math.abs(buckets[b] - 1000) < 135, "bucket " + b + " holds " + buckets[b] + " of 10,000");
    }
    double mean = LongStream.of(first).average().orElseThrow();
    assertEquals(1500, mean, 15, "mean first delay");
  }

  @Test
  void laterWindowsWidenAndReachTheMaximum() {
    long[] third = delays(2000, 2); // the third retry: uniform in [1 s, 8 s]
    assertTrue(LongStream.of(third).max().orElseThrow() > 7500, "third retries do not reach the top of 8 s");
    assertTrue(LongStream.of(third).min().orElseThrow() < 1500, "third retries do not reach the floor");
    long[] late = delays(2000, 20); // long past the cap: uniform in [1 s, 5 min]
    assertTrue(LongStream.of(late).allMatch(d -> d >= 1000 && d <= 300_000), "a late delay outside [1 s, 5 min]");
    assertTrue(LongStream.of(late).max().orElseThrow() > 290_000, "late retries do not reach the maximum");
  }

  @Test
  void resetStartsFromTheFirstWindowAgain() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new SplittableRandom(1));
    for (int i = 0; i < 10; i++) backoff.next();
    for (int i = 0; i < 100; i++) {
      backoff.reset();
      long delay = backoff.next().toMillis();
      assertTrue(delay >= 100 && delay <= 200, "after reset: " + delay);
    }
  }

  @Test
  void noRoomToJitterWhenMaximumEqualsMinimum() {
    Backoff backoff = new Backoff(MIN, MIN, new SplittableRandom(3));
    for (int i = 0; i < 10; i++) assertEquals(MIN, backoff.next());
  }

  @Test
  void hugeBoundsDoNotOverflow() {
    Backoff backoff = new Backoff(Duration.ofDays(365 * 1000L), Duration.ofDays(365 * 3000L), new SplittableRandom(4));
    for (int i = 0; i < 100; i++) {
      Duration delay = backoff.next();
      assertTrue(delay.compareTo(Duration.ofDays(365 * 1000L)) >= 0 && delay.compareTo(Duration.ofDays(365 * 3000L))
          <= 0, "delay " + delay);
    }
  }

  /** The {@code retry}-th delay (0 = first) of each of {@code gateways} back-offs, each with its own seed. */
  private static long[] delays(int gateways, int retry) {
    long[] delays = new long[gateways];
    for (int g = 0; g < gateways; g++) {
      Backoff backoff = new Backoff(MIN, MAX, new SplittableRandom(1000 + g));
      for (int i = 0; i < retry; i++) backoff.next();
      delays[g] = backoff.next().toMillis();
    }
    return delays;
  }
}
