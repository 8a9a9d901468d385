// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway (about 100 readings a second, valves cycling) against a real Mosquitto behind a fault proxy.
 * In every scenario every reading and event the gateway committed reaches the platform or is still buffered,
 * sequence numbers have no gap, the buffer drops nothing, heap stays bounded and the control loop keeps time.
 * Figures go to {@code target/reliability/figures.txt}; {@code -Dreliability.full=true} runs the long versions.
 */
@Timeout(300)
class ReliabilityUplinkFaultsTest {
  @TempDir
  Path dir;

  @Test
  void brokerDownAtStartBuffersThenDeliversEverything() throws Exception {
    try (Run run = startDown("down-at-start")) {
      Run.pause(Duration.ofSeconds(Run.FULL ? 30 : 4));
      assertTrue(run.stored() > 100, "buffered while down: " + run.stored());
      run.restore();
      Run.pause(Duration.ofSeconds(3));
      run.finish();
    }
  }

  @Test
  void brokerLostInTheMiddleOfAReplayLosesNothing() throws Exception {
    try (Run run = startDown("down-mid-replay")) {
      Run.pause(Duration.ofSeconds(Run.FULL ? 60 : 8));
      long backlog = run.stored();
      // A slow link stretches the replay, so that the cut lands in its middle.
      run.proxy.delay(Duration.ofMillis(40));
      int before = run.received();
      Await.until(Duration.ofSeconds(30), () -> run.received() > before + 20, "the replay under way");
      long left = run.stored();
      run.proxy.down();
      assertTrue(left > 100, "cut with " + left + " of " + backlog + " still to replay");
      Run.pause(Duration.ofSeconds(3));
      run.restore();
      run.note("(backlog " + backlog + ", cut with " + left + " left)");
      run.finish();
    }
  }

  @Test
  void flappingLinkLosesNothing() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (Run run = new Run("flapping", dir)) {
      Await.until(Duration.ofSeconds(20), run::online, "online");
      long end = System.nanoTime() + Duration.ofSeconds(Run.FULL ? 120 : 20).toNanos();
      int flaps = 0;
      while (System.nanoTime() - end < 0) {
        Run.pause(Duration.ofMillis(1000 + random.nextInt(2500)));
        run.proxy.down();
        Run.pause(Duration.ofMillis(300 + random.nextInt(2000)));
        run.restore();
        flaps++;
      }
      run.note("(" + flaps + " flaps, seed " + seed + ")");
      run.finish();
    }
  }

  @Test
  void twoSecondsOfLatencyOnlySlowDelivery() throws Exception {
    try (Run run = new Run("latency-2s", dir)) {
      Await.until(Duration.ofSeconds(20), run::online, "online");
      run.proxy.delay(Duration.ofSeconds(2));
      Run.pause(Duration.ofSeconds(Run.FULL ? 60 : 12));
      assertTrue(run.online(), "still online with 2 s latency");
      run.proxy.pass();
      run.finish();
    }
  }

  @Test
  void halfOpenLinkIsDetectedWithinOneAndAHalfKeepAlives() throws Exception {
    try (Run run = new Run("black-hole", dir)) {
      Await.until(Duration.ofSeconds(20), run::online, "online");
      Run.pause(Duration.ofSeconds(2));
      long t0 = System.nanoTime();
      run.proxy.blackHole();
      Await.until(Duration.ofSeconds(30), () -> !run.online(), "the half-open link noticed");
      long detectedMs = (System.nanoTime() - t0) / 1_000_000L;
      Run.pause(Duration.ofSeconds(2));
      long recovery = run.restore();
      run.note("(detected after " + detectedMs + " ms, keep-alive 5000 ms; back after " + recovery + " ms)");
      run.finish();
      assertTrue(detectedMs <= 7_500, "half-open link detected after " + detectedMs + " ms, keep-alive 5 s");
    }
  }

  /** A run whose gateway starts with the broker unreachable (the proxy refuses before the gateway's first connect). */
  private Run startDown(String name) throws Exception {
    return new Run(name, dir, "", "", true);
  }
}
