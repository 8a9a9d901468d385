// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Frames separately encoded records (JSON objects or CBOR maps) as one array, the shape of a SenML pack and of an
 * events message, and finds the longest prefix of records that fits a byte budget.
 */
final class ArrayPack {
  private ArrayPack() {}

  /**
   * Encodes records {@code 0..count-1} one by one until the next one would exceed {@code maxBytes}. The first
   * record is always taken, even if it alone is larger: a forwarder must never stall on one item.
   */
  static EncodedPack fit(SenmlFormat format, int count, IntFunction<byte[]> record, int maxBytes) {
    if (count < 1) throw new IllegalArgumentException("nothing to encode");
    List<byte[]> taken = new ArrayList<>();
    int recordBytes = 0;
    for (int i = 0; i < count; i++) {
      byte[] next = record.apply(i);
      int total = framing(format, taken.size() + 1) + recordBytes + next.length;
      if (i > 0 && total > maxBytes) break;
      taken.add(next);
      recordBytes += next.length;
    }
    return new EncodedPack(frame(format, taken, recordBytes), taken.size());
  }

  /** Bytes the array adds around {@code n} records: brackets and commas, or the CBOR array head. */
  static int framing(SenmlFormat format, int n) {
    return format == SenmlFormat.JSON ? n + 1 : cborHead(4, n).length;
  }

  /** The array of {@code records}, which are {@code recordBytes} long together. */
  static byte[] frame(SenmlFormat format, List<byte[]> records, int recordBytes) {
    ByteArrayOutputStream out = new Bytes(recordBytes + framing(format, records.size()));
    if (format == SenmlFormat.JSON) {
      out.write('[');
      for (int i = 0; i < records.size(); i++) {
        if (i > 0) out.write(',');
        out.writeBytes(records.get(i));
      }
      out.write(']');
    } else {
      out.writeBytes(cborHead(4, records.size()));
      records.forEach(out::writeBytes);
    }
    return out.toByteArray();
  }

  /** The CBOR initial byte(s) for a major type and a non-negative argument (RFC 8949 §3). */
  static byte[] cborHead(int major, long value) {
    int m = major << 5;
    if (value < 24) return new byte[] {(byte) (m | value)};
    if (value < 0x100) return new byte[] {(byte) (m | 24), (byte) value};
    if (value < 0x10000) return new byte[] {(byte) (m | 25), (byte) (value >> 8), (byte) value};
    return new byte[] {(byte) (m | 26), (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
  }
}
