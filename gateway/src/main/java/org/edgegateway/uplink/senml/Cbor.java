// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few CBOR items (RFC 8949) a record needs, written directly so that numbers take their smallest form:
 * integers as integers; otherwise float16 or float32 when the value reads back from them as exactly the decimal the
 * gateway would send in JSON (see {@link #shortFloat}); float64 else.
 */
final class Cbor {
  /** 2^63: doubles below it in magnitude that are whole fit a CBOR integer (major type 0 or 1) exactly. */
  private static final double TWO_63 = 0x1p63;
  /** 256 slots of (value bits, 1 = short / 2 = not / 0 = empty) for {@link #shortFloat}. */
  private static final ThreadLocal<long[]> SHORT_FLOATS = ThreadLocal.withInitial(() -> new long[512]);

  private Cbor() {}

  /** The initial byte(s) for a major type and a non-negative argument. */
  static void head(ByteArrayOutputStream out, int major, long value) {
    int m = major << 5;
    if (value < 24) {
      out.write(m | (int) value);
    } else if (value < 0x100) {
      out.write(m | 24);
      out.write((int) value);
    } else if (value < 0x10000) {
      out.write(m | 25);
      bigEndian(out, value, 2);
    } else if (value < 0x1_0000_0000L) {
      out.write(m | 26);
      bigEndian(out, value, 4);
    } else {
      out.write(m | 27);
      bigEndian(out, value, 8);
    }
  }

  static void integer(ByteArrayOutputStream out, long value) {
    if (value >= 0) {
      head(out, 0, value);
    } else {
      head(out, 1, -1 - value);
    }
  }

  /** A text string; an unpaired surrogate becomes '?' (as in the buffer's own encoding). */
  static void text(ByteArrayOutputStream out, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    head(out, 3, utf8.length);
    out.writeBytes(utf8);
  }

  /**
   * A finite number in its shortest form: a CBOR integer when it is whole (and not -0.0), else float16 or float32
   * when {@link #shortFloat} allows, else float64.
   */
  static void number(ByteArrayOutputStream out, double value) {
    if (value == Math.rint(value) && Math.abs(value) < TWO_63 && !isNegativeZero(value)) {
      integer(out, (long) value);
      return;
    }
    if (shortFloat(value)) {
      float f = (float) value;
      int half = half(f);
      if (half >= 0) {
        out.write(0xf9);
        bigEndian(out, half, 2);
      } else {
        out.write(0xfa);
        bigEndian(out, Float.floatToIntBits(f), 4);
      }
      return;
    }
    out.write(0xfb);
    bigEndian(out, Double.doubleToLongBits(value), 8);
  }

  /**
   * Whether {@code value} may travel as a float32 (or float16): the nearest float32, written as the shortest
   * decimal that identifies it ({@link Float#toString}), reads back as {@code value} itself. So 23.4 goes as
   * float32 and {@link RecordReader} gives back exactly 23.4; a decoder that widens the float32 sees
   * 23.399999618530273, within half a float32 step (2^-24 relative) of it, below the last decimal digit the value
   * carries. A value with more digits than float32 holds (0.1 + 0.2, most float32 values widened to double)
   * stays float64.
   */
  static boolean shortFloat(double value) {
    // Printing and parsing cost more than the rest of a record; a sensor's values repeat, and a pack is encoded
    // several times while its size bound is searched: the last answers are kept per thread, by value.
    // From 2^24 on every float32 is whole, so a value with a fraction there (an absolute time in seconds with its
    // milliseconds) never fits: answered without printing.
    if (Math.abs(value) >= 0x1p24 && value != Math.rint(value)) return false;
    long bits = Double.doubleToRawLongBits(value);
    long[] cache = SHORT_FLOATS.get();
    int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 56) * 2;
    if (cache[slot + 1] != 0 && cache[slot] == bits) return cache[slot + 1] == 1;
    float f = (float) value;
    boolean fits = Float.isFinite(f) && Double.parseDouble(Float.toString(f)) == value;
    cache[slot] = bits;
    cache[slot + 1] = fits ? 1 : 2;
    return fits;
  }

  /** The float16 bits of {@code f} if it is exactly representable as float16, else -1. */
  static int half(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    if (f == 0f) return sign;
    if (!Float.isFinite(f)) return -1;
    int exp = ((bits >>> 23) & 0xff) - 127;
    int mantissa = bits & 0x7f_ffff;
    if (exp >= -14 && exp <= 15) {
      return (mantissa & 0x1fff) != 0 ? -1 : sign | (exp + 15) << 10 | mantissa >>> 13;
    }
    if (exp >= -24 && exp < -14) {
      // A float16 subnormal: m × 2^-24 with m < 1024; scaling by a power of two is exact.
      float m = Math.abs(f) * 0x1p24f;
      return m != (int) m ? -1 : sign | (int) m;
    }
    return -1;
  }

  /**
   * Bytes of a number written by {@link #number}, or of an integer or simple float, from its initial byte: the
   * head plus its argument (text and nested items are not numbers and are not asked about).
   */
  static int itemLength(byte initial) {
    int info = initial & 0x1f;
    if (info < 24) return 1;
    return switch (info) {
      case 24 -> 2;
      case 25 -> 3;
      case 26 -> 5;
      case 27 -> 9;
      default -> throw new IllegalArgumentException("not a number head: " + (initial & 0xff));
    };
  }

  /** How many bytes {@link #number} writes for {@code value}, without writing them. */
  static int numberLength(double value) {
    if (value == Math.rint(value) && Math.abs(value) < TWO_63 && !isNegativeZero(value)) {
      long v = (long) value;
      return headLength(v >= 0 ? v : -1 - v);
    }
    if (shortFloat(value)) return half((float) value) >= 0 ? 3 : 5;
    return 9;
  }

  /** How many bytes {@link #head} writes for {@code value}. */
  static int headLength(long value) {
    if (value < 24) return 1;
    if (value < 0x100) return 2;
    if (value < 0x10000) return 3;
    return value < 0x1_0000_0000L ? 5 : 9;
  }

  private static boolean isNegativeZero(double value) {
    return Double.doubleToRawLongBits(value) == Long.MIN_VALUE;
  }

  private static void bigEndian(ByteArrayOutputStream out, long value, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out.write((int) (value >>> shift) & 0xff);
  }
}
