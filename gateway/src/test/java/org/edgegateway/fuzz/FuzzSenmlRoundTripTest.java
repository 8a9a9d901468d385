// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.DecodedPack;
import org.edgegateway.uplink.senml.EncodedPack;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlEncoder;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * Readings encoded as SenML (JSON and CBOR) decode to the same readings: name (with base name), time to the
 * millisecond, value exactly (NaN and infinities travel as "no value"), unit and quality, in order per channel, and
 * the pack's sequence number. Times span 1970 to 2286; any channel and unit text.
 * Seeds: {@code FuzzSenmlRoundTripTestInputs/}.
 */
class FuzzSenmlRoundTripTest {
  private static final long MAX_MILLIS = 10_000_000_000_000L;

  @FuzzTest
  void encodedReadingsDecodeToTheSameReadings(FuzzedDataProvider data) throws IOException {
    SenmlFormat format = data.consumeBoolean() ? SenmlFormat.JSON : SenmlFormat.CBOR;
    long sequence = data.consumeLong() & Long.MAX_VALUE;
    int maxBytes = data.consumeInt(128, 8192);
    String baseName = data.consumeString(20);
    List<Reading> readings = new ArrayList<>();
    int n = data.consumeInt(1, 20);
    for (int i = 0; i < n; i++) {
      String channel = data.consumeString(30);
      if (channel.isEmpty()) channel = "c";
      long t = data.consumeLong(0, MAX_MILLIS);
      double v = data.consumeDouble();
      Quality q = data.pickValue(Quality.values());
      readings.add(new Reading(channel, t, v, data.consumeString(8), q));
    }
    EncodedPack pack = new SenmlEncoder(format, baseName).encode(readings, sequence, maxBytes);
    assertTrue(pack.count() >= 1 && pack.count() <= n, "count " + pack.count());
    assertTrue(pack.count() == 1 || pack.bytes().length <= maxBytes, "pack bounded: " + pack.bytes().length);
    DecodedPack<Reading> back = new SenmlDecoder(format).decode(pack.bytes());
    assertEquals(sequence, back.sequence());
    assertEquals(pack.count(), back.items().size());
    // A pack groups its records per channel (and unit); within one, the order is kept.
    Map<String, List<Reading>> expected = new HashMap<>();
    for (Reading in : readings.subList(0, pack.count())) {
      // NaN and infinities travel as "no value"; -0.0 may come back as 0.0 (the decoder adds the base value).
      double v = Double.isFinite(in.value()) ? in.value() + 0.0 : Double.NaN;
      Reading want = new Reading(baseName + in.channel(), in.timeMillis(), v, in.unit(), in.quality());
      expected.computeIfAbsent(want.channel() + "\u0000" + want.unit(), k -> new ArrayList<>()).add(want);
    }
    Map<String, List<Reading>> actual = new HashMap<>();
    for (Reading out : back.items()) {
      Reading got = new Reading(out.channel(), out.timeMillis(), out.value() + 0.0, out.unit(), out.quality());
      actual.computeIfAbsent(got.channel() + "\u0000" + got.unit(), k -> new ArrayList<>()).add(got);
    }
    assertEquals(expected, actual, format + ": " + readings + " -> " + back.items());
  }
}
