// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;
import org.tinylog.Logger;

/**
 * Reads one sensor and turns its samples into readings: checks each against its channel's valid range, marks NaN
 * and failed reads as sensor errors, and counts errors. A failure is logged when it starts and when it ends, not
 * at every read.
 */
final class ChannelReader {
  private final GatewayConfig.Sensor config;
  private final Sensor sensor;
  private final BooleanSupplier clockPlausible;
  private final java.util.Map<String, AtomicLong> errors = new java.util.LinkedHashMap<>();
  private String failing;

  ChannelReader(GatewayConfig.Sensor config, Sensor sensor, BooleanSupplier clockPlausible) {
    this.config = config;
    this.sensor = sensor;
    this.clockPlausible = clockPlausible;
    for (GatewayConfig.Channel c : config.channels()) errors.put(c.id(), new AtomicLong());
  }

  GatewayConfig.Sensor config() {
    return config;
  }

  Sensor sensor() {
    return sensor;
  }

  /** Faulty readings so far per channel id (failed reads, NaN, out of range, missing from the answer). */
  java.util.Map<String, Long> errors() {
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    errors.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Reads once; never throws (a driver's exception becomes sensor-error readings). */
  List<Reading> read(long timeMillis) {
    List<Sample> samples;
    try {
      samples = sensor.read();
    } catch (Exception | LinkageError e) {
      return failed(timeMillis, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    List<Reading> out = new ArrayList<>(config.channels().size());
    for (GatewayConfig.Channel c : config.channels()) {
      Sample s = find(samples, c.quantity());
      out.add(s == null ? fault(c, timeMillis) : reading(c, s.value(), timeMillis));
    }
    if (failing != null && out.stream().allMatch(Reading::isOk)) {
      Logger.info("sensor {} recovered after: {}", config.id(), failing);
      failing = null;
    }
    return out;
  }

  private Reading reading(GatewayConfig.Channel c, double v, long timeMillis) {
    Quality q;
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      q = Quality.SENSOR_ERROR;
      v = Double.NaN;
    } else if (v < c.validMin() || v > c.validMax()) {
      q = Quality.OUT_OF_RANGE;
    } else {
      q = clockPlausible.getAsBoolean() ? Quality.OK : Quality.UNSYNCED_TIME;
    }
    if (q == Quality.SENSOR_ERROR || q == Quality.OUT_OF_RANGE) {
      errors.get(c.id()).incrementAndGet();
      note(c.id() + " " + q.wireName() + " (" + v + ")");
    }
    return new Reading(c.id(), timeMillis, v, c.unit(), q);
  }

  private Reading fault(GatewayConfig.Channel c, long timeMillis) {
    errors.get(c.id()).incrementAndGet();
    note(c.id() + " missing from the device's answer");
    return new Reading(c.id(), timeMillis, Double.NaN, c.unit(), Quality.SENSOR_ERROR);
  }

  private List<Reading> failed(long timeMillis, String why) {
    errors.values().forEach(AtomicLong::incrementAndGet);
    note(why);
    List<Reading> out = new ArrayList<>(config.channels().size());
    for (GatewayConfig.Channel c : config.channels()) {
      out.add(new Reading(c.id(), timeMillis, Double.NaN, c.unit(), Quality.SENSOR_ERROR));
    }
    return out;
  }

  private void note(String why) {
    if (failing == null) {
      Logger.warn("sensor {} failing: {} (logged once until it recovers; errors are counted)", config.id(), why);
      failing = why;
    }
  }

  private static Sample find(List<Sample> samples, String quantity) {
    for (Sample s : samples) {
      if (s.quantity().equals(quantity)) return s;
    }
    return null;
  }
}
