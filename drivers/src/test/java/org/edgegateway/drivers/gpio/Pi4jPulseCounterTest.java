// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pi4jPulseCounterTest {
  private static final Duration DEBOUNCE = Duration.ofMillis(2);

  private final Context context = MockPi4j.newContext();
  private final FakeTicker ticker = new FakeTicker();
  private final Pi4jHardware hw = new Pi4jHardware(context, ticker);

  @AfterEach
  void closeHardware() {
    hw.close();
  }

  /** A rain gauge's reed contact to ground with a pull-up: LOW while the bucket tips. */
  private PulseSource rainGauge() throws Exception {
    PulseSource counter = hw.pulseCounter("rain", 5, true, Pi4jHardware.Pull.UP, DEBOUNCE);
    MockPi4j.input(context, 5).mockState(DigitalState.HIGH);
    ticker.advance(Duration.ofMillis(10));
    return counter;
  }

  /** Drives one pulse: bouncing close, held active, bouncing release, held inactive; all bounces < 300 µs apart. */
  private void pulse(MockDigitalInput line, Random random) {
    bounce(line, random, DigitalState.LOW, DigitalState.HIGH);
    ticker.advanceMicros(2_000 + random.nextInt(8_000));
    bounce(line, random, DigitalState.HIGH, DigitalState.LOW);
    ticker.advanceMicros(2_000 + random.nextInt(8_000));
  }

  private void bounce(MockDigitalInput line, Random random, DigitalState to, DigitalState from) {
    line.mockState(to);
    for (int b = random.nextInt(6); b > 0; b--) {
      ticker.advanceMicros(20 + random.nextInt(280));
      line.mockState(from);
      ticker.advanceMicros(20 + random.nextInt(280));
      line.mockState(to);
    }
  }

  @Test
  void tenThousandPulsesInBouncyBurstsCountExactlyTenThousand() throws Exception {
    PulseSource counter = rainGauge();
    MockDigitalInput line = MockPi4j.input(context, 5);
    Random random = new Random(455);
    long previous = 0;
    for (int burst = 0; burst < 100; burst++) {
      for (int i = 0; i < 100; i++) pulse(line, random);
      long now = counter.count();
      assertEquals((burst + 1) * 100L, now, "after burst " + burst);
      assertTrue(now >= previous);
      previous = now;
      ticker.advance(Duration.ofSeconds(1 + random.nextInt(60)));
    }
    assertEquals(10_000, counter.count());
    assertEquals(0, ((Pi4jPulseCounter) counter).missedEdges());
  }

  @Test
  void glitchShorterThanDebounceIsNotCounted() throws Exception {
    PulseSource counter = rainGauge();
    MockDigitalInput line = MockPi4j.input(context, 5);
    line.mockState(DigitalState.LOW);
    ticker.advanceMicros(1_500);
    line.mockState(DigitalState.HIGH);
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(0, counter.count());
  }

  @Test
  void pulseStillHeldCountsOnceTheDebounceTimeHasPassed() throws Exception {
    PulseSource counter = rainGauge();
    MockPi4j.input(context, 5).mockState(DigitalState.LOW);
    ticker.advanceMicros(1_999);
    assertEquals(0, counter.count());
    ticker.advanceMicros(1);
    assertEquals(1, counter.count());
    ticker.advance(Duration.ofSeconds(5));
    assertEquals(1, counter.count());
  }

  @Test
  void levelsNoEventReportedAreCountedAndASilentListenerIsRecreated() throws Exception {
    // No listen(): the listener never fires, as after pi4j #455's start-up race.
    Pi4jPulseCounter counter = new Pi4jPulseCounter(
        new DebouncedLine("flow", context, 6, Pi4jHardware.Pull.DOWN, false, DEBOUNCE, ticker));
    MockDigitalInput deaf = MockPi4j.input(context, 6);
    deaf.mockState(DigitalState.HIGH);
    assertEquals(0, counter.count());
    assertEquals(1, counter.missedEdges());
    ticker.advance(DEBOUNCE);
    assertEquals(1, counter.count());
    deaf.mockState(DigitalState.LOW);
    ticker.advance(DEBOUNCE);
    assertEquals(1, counter.count());
    assertEquals(DebouncedLine.SILENT_MISSES_BEFORE_REOPEN, counter.missedEdges());

    MockDigitalInput fresh = MockPi4j.input(context, 6);
    assertNotSame(deaf, fresh);
    // The recovered release was timestamped when the read found it; let it hold before the next pulse.
    ticker.advance(DEBOUNCE);
    for (int i = 0; i < 3; i++) {
      fresh.mockState(DigitalState.HIGH);
      ticker.advance(DEBOUNCE);
      fresh.mockState(DigitalState.LOW);
      ticker.advance(DEBOUNCE);
    }
    assertEquals(4, counter.count());
    assertEquals(DebouncedLine.SILENT_MISSES_BEFORE_REOPEN, counter.missedEdges());
  }

  @Test
  void countIsReadableFromAnotherThreadWhileEdgesArrive() throws Exception {
    PulseSource counter = rainGauge();
    MockDigitalInput line = MockPi4j.input(context, 5);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      long previous = 0;
      while (!done.get()) {
        long now = counter.count();
        if (now < previous) failure.set("count went back from " + previous + " to " + now);
        previous = now;
      }
    });
    reader.start();
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) pulse(line, random);
    done.set(true);
    reader.join(10_000);
    assertEquals(null, failure.get());
    assertEquals(2_000, counter.count());
  }
}
