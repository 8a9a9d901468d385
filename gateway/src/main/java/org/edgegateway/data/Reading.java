// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.data;

/**
 * One value of one channel at one time. {@code channel} is the config's channel id (e.g. {@code "bed-1.moisture"}),
 * {@code unit} a SenML unit. Boolean channels carry 0 or 1. A value that could not be read is NaN with quality
 * {@link Quality#SENSOR_ERROR}.
 */
public record Reading(String channel, long timeMillis, double value, String unit, Quality quality) implements Item {
  public Reading {
    if (channel == null || channel.isEmpty()) throw new IllegalArgumentException("channel empty");
    if (unit == null) throw new IllegalArgumentException("unit null for " + channel);
    if (quality == null) throw new IllegalArgumentException("quality null for " + channel);
  }

  @Override
  public Priority priority() {
    return Priority.TELEMETRY;
  }

  public boolean isOk() {
    return quality == Quality.OK;
  }

  /** True when the value itself can be trusted (its timestamp may still be unsynchronised). */
  public boolean isUsable() {
    return quality == Quality.OK || quality == Quality.UNSYNCED_TIME;
  }
}
