// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers;

/**
 * One value a device measured: what it is ({@code "temperature"}, {@code "moisture"}), the number, and its
 * SenML unit ({@code "Cel"}, {@code "%RH"}, {@code "/"} for ratios, {@code "kPa"}, {@code "mm"}, {@code "l"}).
 */
public record Sample(String quantity, double value, String unit) {
  public Sample {
    if (quantity == null || quantity.isEmpty()) throw new IllegalArgumentException("quantity empty");
    if (unit == null) throw new IllegalArgumentException("unit null for " + quantity);
  }
}
