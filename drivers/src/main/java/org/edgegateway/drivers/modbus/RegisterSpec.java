// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Where one quantity of a Modbus device lives and how to turn its raw register value into a measurement:
 * {@code value = raw × scale + offset}, in the SenML {@code unit}. {@code validMin..validMax} is the range the
 * device can truly measure; the gateway marks values outside it as faults (this record only carries it).
 * 32-bit types span two registers; {@code wordOrder} says which comes first, bytes within a register are always
 * big-endian as Modbus sends them.
 */
public record RegisterSpec(String quantity, int function, int register, Type type, WordOrder wordOrder,
    double scale, double offset, String unit, double validMin, double validMax) {

  /** How the raw value is stored. */
  public enum Type {
    INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2);

    private final int registers;

    Type(int registers) {
      this.registers = registers;
    }

    /** Registers one value takes. */
    public int registers() {
      return registers;
    }

    /** The type for a profile name such as {@code "int16"} or {@code "float32"}. */
    public static Type of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** Order of the two registers of a 32-bit value: BIG puts the high word first (the Modbus norm). */
  public enum WordOrder {
    BIG, LITTLE;

    /** The word order for a profile name, {@code "big"} or {@code "little"}. */
    public static WordOrder of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  public RegisterSpec {
    if (quantity == null || quantity.isBlank()) throw new IllegalArgumentException("quantity empty");
    if (function != 3 && function != 4) throw new IllegalArgumentException("function not 3 or 4: " + function);
    if (type == null) throw new IllegalArgumentException("type null for " + quantity);
    if (wordOrder == null) throw new IllegalArgumentException("word order null for " + quantity);
    if (register < 0 || register + type.registers() > 0x10000) {
      throw new IllegalArgumentException("register out of range: " + register);
    }
    if (!Double.isFinite(scale) || scale == 0) throw new IllegalArgumentException("scale not usable: " + scale);
    if (!Double.isFinite(offset)) throw new IllegalArgumentException("offset not finite: " + offset);
    if (unit == null) throw new IllegalArgumentException("unit null for " + quantity);
    if (!(validMin <= validMax)) throw new IllegalArgumentException("valid range empty: " + validMin + ".." + validMax);
  }

  /** Registers the value spans. */
  public int registerCount() {
    return type.registers();
  }

  /** Whether {@code value} lies within {@code validMin..validMax}, bounds included. */
  public boolean isValid(double value) {
    return value >= validMin && value <= validMax;
  }

  /**
   * The measurement from registers read starting at {@code regs[at]}, which holds {@link #register()}. Computed in
   * decimal and rounded once, so that it is the double nearest to the value the profile means: raw 234 at scale
   * 0.1 is 23.4, not the 23.400000000000002 of binary arithmetic (which would also cost more bytes on the wire).
   */
  public double decode(int[] regs, int at) {
    return BigDecimal.valueOf(raw(regs, at)).multiply(BigDecimal.valueOf(scale)).add(BigDecimal.valueOf(offset))
        .doubleValue();
  }

  /** The raw value as the device stores it, before scale and offset. */
  public double raw(int[] regs, int at) {
    int first = regs[at] & 0xFFFF;
    if (type.registers() == 1) return type == Type.INT16 ? (short) first : first;
    int second = regs[at + 1] & 0xFFFF;
    int bits = wordOrder == WordOrder.BIG ? first << 16 | second : second << 16 | first;
    return switch (type) {
      case INT32 -> bits;
      case UINT32 -> Integer.toUnsignedLong(bits);
      case FLOAT32 -> Float.intBitsToFloat(bits);
      default -> throw new IllegalStateException("16-bit type " + type);
    };
  }
}
