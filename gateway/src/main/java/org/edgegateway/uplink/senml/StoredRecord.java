// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.io.ByteArrayOutputStream;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/**
 * The part of a reading's CBOR SenML record that does not depend on the pack it travels in: a definite-length map
 * of its value ({@code v}, absent when not finite) and quality ({@code "q"}, absent when ok), in that order. The
 * buffer stores it when the reading is committed; {@link RecordPacker} builds packs from it by adding the name, unit,
 * base fields and the time relative to the pack's base, so the expensive part of encoding (the shortest exact form of
 * the value) is done once per reading, on the buffer's writer thread. JSON packs do not use it.
 */
public final class StoredRecord {
  private StoredRecord() {}

  /** The stored form of {@code reading}: {@code a0}..{@code a2}, then {@code 02 <number>}, then {@code "q" <text>}. */
  public static byte[] of(Reading reading) {
    boolean value = Double.isFinite(reading.value());
    boolean quality = reading.quality() != Quality.OK;
    ByteArrayOutputStream out = new Bytes(16);
    Cbor.head(out, 5, (value ? 1 : 0) + (quality ? 1 : 0));
    if (value) {
      Cbor.integer(out, Label.VALUE.cbor);
      Cbor.number(out, reading.value());
    }
    if (quality) {
      Cbor.text(out, Label.QUALITY.json);
      Cbor.text(out, reading.quality().wireName());
    }
    return out.toByteArray();
  }

  /** Fields in a stored record (the low bits of its map head: never more than two). */
  static int fields(byte[] record) {
    return record[0] & 0x1f;
  }

  /** Where the quality field starts in a stored record: after the head and the value field, if any. */
  static int qualityAt(byte[] record) {
    if (record.length < 2 || record[1] != Label.VALUE.cbor.byteValue()) return 1;
    return 2 + Cbor.itemLength(record[2]);
  }
}
