// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/**
 * Reads SenML packs (the subset {@link SenmlEncoder} writes, plus {@code bu}, {@code bv}, {@code vb}) back into
 * readings whose channel is the resolved name (base name + name). For tests and tools, not for untrusted input
 * at scale.
 */
public final class SenmlDecoder {
  private final SenmlFormat format;

  public SenmlDecoder(SenmlFormat format) {
    if (format == null) throw new IllegalArgumentException("format null");
    this.format = format;
  }

  public DecodedPack<Reading> decode(byte[] bytes) throws IOException {
    List<Reading> readings = new ArrayList<>();
    long sequence = -1;
    String baseName = "";
    String baseUnit = "";
    long baseMillis = 0;
    double baseValue = 0;
    for (Map<Label, Object> r : RecordReader.records(format, bytes)) {
      if (r.containsKey(Label.SEQUENCE)) sequence = (Long) r.get(Label.SEQUENCE);
      if (r.containsKey(Label.BASE_NAME)) baseName = (String) r.get(Label.BASE_NAME);
      if (r.containsKey(Label.BASE_UNIT)) baseUnit = (String) r.get(Label.BASE_UNIT);
      if (r.containsKey(Label.BASE_TIME)) baseMillis = RecordReader.millis(r.get(Label.BASE_TIME));
      if (r.containsKey(Label.BASE_VALUE)) baseValue = RecordReader.number(r.get(Label.BASE_VALUE));
      readings.add(reading(r, baseName, baseUnit, baseMillis, baseValue));
    }
    return new DecodedPack<>(sequence, readings);
  }

  private static Reading reading(Map<Label, Object> r, String baseName, String baseUnit, long baseMillis,
      double baseValue) throws IOException {
    String name = baseName + r.getOrDefault(Label.NAME, "");
    if (name.isEmpty()) throw new IOException("record without a name");
    double value = Double.NaN;
    if (r.containsKey(Label.VALUE)) value = baseValue + RecordReader.number(r.get(Label.VALUE));
    if (r.containsKey(Label.BOOLEAN_VALUE)) value = (Boolean) r.get(Label.BOOLEAN_VALUE) ? 1 : 0;
    long time = baseMillis + (r.containsKey(Label.TIME) ? RecordReader.millis(r.get(Label.TIME)) : 0);
    String unit = (String) r.getOrDefault(Label.UNIT, baseUnit);
    Quality quality = Quality.OK;
    if (r.containsKey(Label.QUALITY)) {
      String wire = (String) r.get(Label.QUALITY);
      quality = Quality.valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
    return new Reading(name, time, value, unit, quality);
  }
}
