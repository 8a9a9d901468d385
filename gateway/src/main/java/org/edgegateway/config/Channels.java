// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The channels each kind of sensor yields, named {@code <sensor-id>.<quantity>}, with SenML units and the
 * physical range outside which a value is a sensor fault (datasheet limits; a profile's own for Modbus).
 */
final class Channels {
  private Channels() {}

  static List<GatewayConfig.Channel> of(String sensor, Driver driver) {
    List<GatewayConfig.Channel> out = new ArrayList<>();
    if (driver instanceof Driver.Modbus mb) {
      mb.profile().registers().forEach(r -> out.add(channel(sensor, r.quantity(), r.unit(), r.validMin(),
          r.validMax())));
    } else if (driver instanceof Driver.Bme280) {
      out.add(channel(sensor, "temperature", "Cel", -40, 85));
      out.add(channel(sensor, "humidity", "%RH", 0, 100));
      out.add(channel(sensor, "pressure", "Pa", 30_000, 110_000));
    } else if (driver instanceof Driver.Ads1115 a) {
      out.add(channel(sensor, "voltage", "V", -6.144, 6.144));
      if (!a.quantity().equals("voltage")) out.add(channel(sensor, a.quantity(), a.unit(), -1e9, 1e9));
    } else if (driver instanceof Driver.Ds18b20) {
      out.add(channel(sensor, "temperature", "Cel", -55, 125));
    } else if (driver instanceof Driver.Pulse p) {
      pulse(out, sensor, p.unit());
    } else if (driver instanceof Driver.DigitalIn) {
      out.add(channel(sensor, "state", "", 0, 1));
    } else if (driver instanceof Driver.SimSoil) {
      out.add(channel(sensor, "moisture", "/", 0, 0.6));
    } else if (driver instanceof Driver.SimAir) {
      out.add(channel(sensor, "temperature", "Cel", -40, 60));
    } else if (driver instanceof Driver.SimRain) {
      pulse(out, sensor, "mm");
    } else if (driver instanceof Driver.SimFlow) {
      pulse(out, sensor, "l");
    }
    return out;
  }

  private static void pulse(List<GatewayConfig.Channel> out, String sensor, String unit) {
    out.add(channel(sensor, "total", unit, 0, Double.MAX_VALUE));
    out.add("mm".equals(unit) ? channel(sensor, "rate", "mm/h", 0, 500) : channel(sensor, "rate", "l/s", 0, 100));
  }

  private static GatewayConfig.Channel channel(String sensor, String q, String unit, double lo, double hi) {
    return new GatewayConfig.Channel(sensor + "." + q, sensor, q, unit, lo, hi);
  }
}
