// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.edgegateway.data.Event;
import org.edgegateway.data.Item;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;

/**
 * The compact binary form of an item's fields other than its time (stored in a column of its own). The first
 * byte names the layout, so a later version can add one and still read the old. Doubles are stored as raw bits
 * (NaN payloads and -0.0 survive); strings as UTF-8 with a varint length, so they round-trip exactly when they
 * are valid Unicode (an unpaired surrogate becomes '?').
 */
final class ItemCodec {
  private static final byte READING_V1 = 1;
  private static final byte EVENT_V1 = 2;

  private ItemCodec() {}

  static byte[] encode(Item item) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(48);
    if (item instanceof Reading r) {
      out.write(READING_V1);
      writeString(out, r.channel());
      writeLong(out, Double.doubleToRawLongBits(r.value()));
      writeString(out, r.unit());
      out.write(code(r.quality()));
    } else if (item instanceof Event e) {
      out.write(EVENT_V1);
      writeString(out, e.kind());
      writeString(out, e.source());
      out.write(code(e.severity()));
      writeString(out, e.message());
      writeLong(out, Double.doubleToRawLongBits(e.value()));
    } else {
      throw new IllegalArgumentException("unknown item type: " + item.getClass().getName());
    }
    return out.toByteArray();
  }

  /** Decodes a body written by {@link #encode}; throws IllegalArgumentException naming what is wrong. */
  static Item decode(byte[] body, long timeMillis) {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      byte layout = in.get();
      if (layout == READING_V1) {
        String channel = readString(in);
        double value = Double.longBitsToDouble(in.getLong());
        String unit = readString(in);
        return new Reading(channel, timeMillis, value, unit, quality(in.get()));
      }
      if (layout == EVENT_V1) {
        String kind = readString(in);
        String source = readString(in);
        Severity severity = severity(in.get());
        String message = readString(in);
        return new Event(timeMillis, kind, source, severity, message, Double.longBitsToDouble(in.getLong()));
      }
      throw new IllegalArgumentException("unknown item layout: " + layout);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("item body truncated at byte " + in.position() + " of " + body.length, e);
    }
  }

  // Explicit codes, not ordinals: reordering an enum must not change what stored rows mean.
  private static int code(Quality q) {
    return switch (q) {
      case OK -> 0;
      case OUT_OF_RANGE -> 1;
      case SENSOR_ERROR -> 2;
      case STALE -> 3;
      case UNSYNCED_TIME -> 4;
    };
  }

  private static Quality quality(byte code) {
    return switch (code) {
      case 0 -> Quality.OK;
      case 1 -> Quality.OUT_OF_RANGE;
      case 2 -> Quality.SENSOR_ERROR;
      case 3 -> Quality.STALE;
      case 4 -> Quality.UNSYNCED_TIME;
      default -> throw new IllegalArgumentException("unknown quality code: " + code);
    };
  }

  private static int code(Severity s) {
    return switch (s) {
      case INFO -> 0;
      case WARNING -> 1;
      case CRITICAL -> 2;
    };
  }

  private static Severity severity(byte code) {
    return switch (code) {
      case 0 -> Severity.INFO;
      case 1 -> Severity.WARNING;
      case 2 -> Severity.CRITICAL;
      default -> throw new IllegalArgumentException("unknown severity code: " + code);
    };
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int n = utf8.length;
    while ((n & ~0x7F) != 0) {
      out.write((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out.write(n);
    out.write(utf8, 0, utf8.length);
  }

  private static String readString(ByteBuffer in) {
    int n = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 28) throw new IllegalArgumentException("string length too long at byte " + in.position());
      byte b = in.get();
      n |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) break;
    }
    if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("string length out of range: " + n);
    String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    for (int shift = 56; shift >= 0; shift -= 8) out.write((int) (v >>> shift));
  }
}
