// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.util.List;

/** A Modbus sensor's register map, read from {@code profiles/<name>.yaml}; adding a probe needs YAML only. */
public record ModbusProfile(String name, String description, int baud, int dataBits, String parity, int stopBits,
    List<Register> registers) {

  /** One value: raw register(s) of {@code type} in {@code wordOrder}, then {@code raw * scale + offset}. */
  public record Register(String quantity, int function, int address, String type, String wordOrder, double scale,
      double offset, String unit, double validMin, double validMax) {}
}
