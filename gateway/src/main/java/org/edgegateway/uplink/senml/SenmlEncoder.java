// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.util.List;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/**
 * Encodes readings as SenML packs (RFC 8428) bounded by a byte size. The first record carries the base name,
 * the base time (the first reading's time) and the pack's sequence number ({@code "seq"}); each record carries the
 * channel id as name, its unit, the time relative to the base time, and {@code "q"} with the quality's wire name
 * when it is not ok. A NaN or infinite value is left out ({@code v} absent), since JSON cannot carry it. Thread-safe.
 */
public final class SenmlEncoder {
  private final SenmlFormat format;
  private final String baseName;

  /** {@code baseName} prefixes every channel id, e.g. {@code "gw-ka-0001/"}; empty for none. */
  public SenmlEncoder(SenmlFormat format, String baseName) {
    if (format == null) throw new IllegalArgumentException("format null");
    if (baseName == null) throw new IllegalArgumentException("baseName null");
    this.format = format;
    this.baseName = baseName;
  }

  public SenmlFormat format() {
    return format;
  }

  /**
   * Encodes the longest prefix of {@code readings} whose pack fits {@code maxBytes}; at least the first reading,
   * even if it alone is larger. The returned count says how many readings the pack holds.
   */
  public EncodedPack encode(List<Reading> readings, long sequence, int maxBytes) {
    if (readings.isEmpty()) throw new IllegalArgumentException("no readings");
    if (sequence < 0) throw new IllegalArgumentException("sequence negative: " + sequence);
    long baseMillis = readings.get(0).timeMillis();
    return ArrayPack.fit(format, readings.size(),
        i -> RecordWriter.record(format, r -> write(r, readings.get(i), i == 0, sequence, baseMillis)), maxBytes);
  }

  private void write(RecordWriter r, Reading reading, boolean first, long sequence, long baseMillis) {
    if (first) {
      if (!baseName.isEmpty()) r.text(Label.BASE_NAME, baseName);
      r.seconds(Label.BASE_TIME, baseMillis);
      r.integer(Label.SEQUENCE, sequence);
    }
    r.text(Label.NAME, reading.channel());
    if (!reading.unit().isEmpty()) r.text(Label.UNIT, reading.unit());
    if (Double.isFinite(reading.value())) r.number(Label.VALUE, reading.value());
    long relative = reading.timeMillis() - baseMillis;
    if (relative != 0) r.seconds(Label.TIME, relative);
    if (reading.quality() != Quality.OK) r.text(Label.QUALITY, reading.quality().wireName());
  }
}
