// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Item;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;
import org.junit.jupiter.api.Test;

class SamplerTest {
  static final long S = 1_000_000_000L;
  final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  final LatestValues latest = new LatestValues();
  final List<Item> buffered = new ArrayList<>();
  long now = 100 * S;
  boolean clockOk = true;

  /** A sensor that answers from a script: a value, NaN, or an exception. */
  static final class ScriptedSensor implements Sensor {
    final Deque<Object> script = new ArrayDeque<>();

    @Override
    public List<Sample> read() throws IOException {
      Object next = script.poll();
      if (next instanceof IOException e) throw e;
      if (next instanceof RuntimeException e) throw e;
      return List.of(new Sample("temperature", (Double) next, "Cel"));
    }
  }

  GatewayConfig config() throws Exception {
    return ConfigLoader.parse("t.yaml", "gateway: {id: gw, site: s}\n"
        + "sensors: [{id: air, type: sim-air, interval: 1s, stale-after: 5s}]\n", Path.of("/tmp"),
        Path.of("/tmp/t.yaml"), false);
  }

  @Test
  void faultsBecomeQualityFlaggedReadingsAndAreCountedPerChannel() throws Exception {
    GatewayConfig c = config();
    ScriptedSensor sensor = new ScriptedSensor();
    sensor.script.add(21.5);
    sensor.script.add(Double.NaN);
    sensor.script.add(99.0); // outside the sim-air range -40..60
    sensor.script.add(new DeviceException("air", "no answer"));
    sensor.script.add(new IllegalStateException("driver bug"));
    sensor.script.add(22.0);
    Sampler sampler = new Sampler(clock, () -> now, latest, buffered::add);
    sampler.add(c.sensors().get(0), sensor, () -> clockOk);
    for (int i = 0; i < 6; i++) sampler.sampleAllOnce();
    List<Quality> qualities = buffered.stream().map(r -> ((Reading) r).quality()).toList();
    assertEquals(List.of(Quality.OK, Quality.SENSOR_ERROR, Quality.OUT_OF_RANGE, Quality.SENSOR_ERROR,
        Quality.SENSOR_ERROR, Quality.OK), qualities);
    assertEquals(4L, sampler.errors().get("air.temperature"));
    assertTrue(Double.isNaN(((Reading) buffered.get(3)).value()));
  }

  @Test
  void aChannelWithoutGoodValuesForItsStaleAfterIsStale() throws Exception {
    GatewayConfig c = config();
    Snapshot snap = new Snapshot(latest, c);
    latest.publish(new Reading("air.temperature", 0, 20, "Cel", Quality.OK), now);
    snap.at(now + 4 * S);
    assertFalse(snap.isStale("air.temperature"));
    assertEquals(20, snap.value("air.temperature"));
    latest.publish(new Reading("air.temperature", 0, Double.NaN, "Cel", Quality.SENSOR_ERROR), now + 4 * S);
    assertTrue(Double.isNaN(snap.value("air.temperature")), "a faulty newest value is not used");
    snap.at(now + 6 * S);
    assertTrue(snap.isStale("air.temperature"), "no good value for more than 5 s");
  }

  @Test
  void readingsTakenBeforeTheClockIsPlausibleAreMarkedUnsynchronisedButUsable() throws Exception {
    GatewayConfig c = config();
    ScriptedSensor sensor = new ScriptedSensor();
    sensor.script.add(18.0);
    clockOk = false;
    Sampler sampler = new Sampler(clock, () -> now, latest, buffered::add);
    sampler.add(c.sensors().get(0), sensor, () -> clockOk);
    sampler.sampleAllOnce();
    Reading r = (Reading) buffered.get(0);
    assertEquals(Quality.UNSYNCED_TIME, r.quality());
    Snapshot snap = new Snapshot(latest, c);
    snap.at(now);
    assertEquals(18.0, snap.value("air.temperature"));
  }
}
