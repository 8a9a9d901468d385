// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.edgegateway.drivers.Sample;
import org.junit.jupiter.api.Test;

class PulseMeterTest {
  private final AtomicLong pulses = new AtomicLong();
  private final PulseSource source = pulses::get;
  private final FakeTicker ticker = new FakeTicker();

  @Test
  void firstReadGivesTheTotalOnly() throws Exception {
    PulseMeter gauge = new PulseMeter(source, PulseMeter.Kind.RAIN, 0.2, Duration.ofMinutes(10), ticker);
    pulses.set(7);
    List<Sample> samples = gauge.read();
    assertEquals(1, samples.size());
    assertEquals("total", samples.get(0).quantity());
    assertEquals("mm", samples.get(0).unit());
    assertEquals(1.4, samples.get(0).value(), 1e-9); // 7 tips x 0.2 mm
  }

  @Test
  void rainRateIsMillimetresPerHourOverTheWindow() throws Exception {
    PulseMeter gauge = new PulseMeter(source, PulseMeter.Kind.RAIN, 0.2, Duration.ofMinutes(10), ticker);
    gauge.read();
    pulses.set(10);
    ticker.advance(Duration.ofMinutes(10));
    List<Sample> samples = gauge.read();
    // 10 tips x 0.2 mm = 2 mm in 1/6 h = 12 mm/h.
    assertEquals("mm", samples.get(0).unit());
    assertEquals(2.0, samples.get(0).value(), 1e-9);
    assertEquals("rate", samples.get(1).quantity());
    assertEquals("mm/h", samples.get(1).unit());
    assertEquals(12.0, samples.get(1).value(), 1e-9);
  }

  @Test
  void flowRateIsLitresPerSecond() throws Exception {
    PulseMeter meter = new PulseMeter(source, PulseMeter.Kind.FLOW, 0.5, Duration.ofSeconds(10), ticker);
    pulses.set(100);
    meter.read();
    pulses.set(130);
    ticker.advance(Duration.ofSeconds(10));
    List<Sample> samples = meter.read();
    // 30 pulses x 0.5 l = 15 l in 10 s.
    assertEquals(65.0, samples.get(0).value(), 1e-9);
    assertEquals("l", samples.get(0).unit());
    assertEquals(1.5, samples.get(1).value(), 1e-9);
    assertEquals("l/s", samples.get(1).unit());
  }

  @Test
  void rateForgetsPulsesOlderThanTheWindow() throws Exception {
    PulseMeter meter = new PulseMeter(source, PulseMeter.Kind.FLOW, 1.0, Duration.ofSeconds(30), ticker);
    meter.read();
    pulses.set(60);
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(6.0, meter.read().get(1).value(), 1e-9); // 60 l in 10 s
    for (int i = 0; i < 5; i++) {
      ticker.advance(Duration.ofSeconds(10));
      meter.read();
    }
    // No pulses for 50 s: the 30 s window holds only idle reads.
    ticker.advance(Duration.ofSeconds(10));
    pulses.set(90);
    // The anchor is the read 30 s ago (count 60): 30 l in 30 s.
    assertEquals(1.0, meter.read().get(1).value(), 1e-9);
  }

  @Test
  void rejectsNonPositiveUnitsPerPulse() {
    assertThrows(IllegalArgumentException.class,
        () -> new PulseMeter(source, PulseMeter.Kind.RAIN, 0, Duration.ofMinutes(1), ticker));
  }
}
