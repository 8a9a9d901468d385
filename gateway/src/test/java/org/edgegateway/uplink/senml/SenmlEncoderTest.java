// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SenmlEncoderTest {
  private static final long T0 = 1_732_384_284_123L;

  private static List<Reading> readings(int n) {
    List<Reading> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new Reading("bed-" + (i % 3) + ".moisture", T0 + i * 1_001L, 20.25 + i, "%RH", Quality.OK));
    }
    return list;
  }

  private static List<Reading> resolved(String baseName, List<Reading> readings) {
    List<Reading> list = new ArrayList<>();
    for (Reading r : readings) {
      list.add(new Reading(baseName + r.channel(), r.timeMillis(), r.value(), r.unit(), r.quality()));
    }
    return list;
  }

  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void roundTripKeepsEveryFieldNanQualityAndOrder(SenmlFormat format) throws IOException {
    List<Reading> in = List.of(
        new Reading("air.temp", T0, 21.5, "Cel", Quality.OK),
        new Reading("soil.moisture", T0 - 1_500, Double.NaN, "%RH", Quality.SENSOR_ERROR),
        new Reading("soil.tension", T0 + 7, 812.0, "kPa", Quality.OUT_OF_RANGE),
        new Reading("air.temp", T0 + 60_000, -3.25e-4, "Cel", Quality.STALE),
        new Reading("valve.zone-1", T0 + 60_001, 1, "", Quality.UNSYNCED_TIME),
        new Reading("rain", T0 + 3_600_000, 0.1 + 0.2, "mm", Quality.OK));
    EncodedPack pack = new SenmlEncoder(format, "gw-ka-0001/").encode(in, 42, 10_000);
    assertEquals(in.size(), pack.count());

    DecodedPack<Reading> out = new SenmlDecoder(format).decode(pack.bytes());

    assertEquals(42, out.sequence());
    assertEquals(resolved("gw-ka-0001/", in), out.items());
  }

  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void packStaysWithinByteBoundAndCountsWhatFits(SenmlFormat format) throws IOException {
    SenmlEncoder encoder = new SenmlEncoder(format, "gw-1/");
    List<Reading> in = readings(500);
    for (int max : new int[] {1, 64, 100, 257, 1024, 4096}) {
      EncodedPack pack = encoder.encode(in, 7, max);
      assertTrue(pack.count() == 1 || pack.bytes().length <= max, format + " " + max + ": " + pack.bytes().length);
      assertTrue(pack.count() < in.size());
      EncodedPack oneMore = encoder.encode(in.subList(0, pack.count() + 1), 7, Integer.MAX_VALUE);
      assertTrue(oneMore.bytes().length > max, "one more reading would still have fitted in " + max);
      assertEquals(resolved("gw-1/", in.subList(0, pack.count())),
          new SenmlDecoder(format).decode(pack.bytes()).items());
    }
  }

  @Test
  void jsonPackCarriesBaseNameBaseTimeSequenceAndRelativeTimes() {
    List<Reading> in = List.of(
        new Reading("air.temp", T0, 21.5, "Cel", Quality.OK),
        new Reading("soil.moisture", T0 + 500, Double.NaN, "%RH", Quality.SENSOR_ERROR));
    String json = new String(new SenmlEncoder(SenmlFormat.JSON, "gw-ka-0001/").encode(in, 5, 1000).bytes(),
        StandardCharsets.UTF_8);
    assertEquals("[{\"bn\":\"gw-ka-0001/\",\"bt\":1732384284.123,\"seq\":5,\"n\":\"air.temp\",\"u\":\"Cel\","
        + "\"v\":21.5},{\"n\":\"soil.moisture\",\"u\":\"%RH\",\"t\":0.5,\"q\":\"sensor-error\"}]", json);
  }

  @Test
  void cborPackUsesIntegerLabels() {
    byte[] cbor = new SenmlEncoder(SenmlFormat.CBOR, "g/")
        .encode(List.of(new Reading("a", 1000, 1.5, "Cel", Quality.OK)), 1, 1000).bytes();
    // Array of 1, map of 6: bn(-2 = 0x21) "g/", bt(-3 = 0x22) 1.0, "seq" 1, n(0) "a", u(1) "Cel", v(2) 1.5.
    assertEquals(0x81, cbor[0] & 0xff);
    assertEquals(0xa6, cbor[1] & 0xff, "a map of 6, definite length");
    assertEquals(0x21, cbor[2] & 0xff);
    int nameKey = indexOf(cbor, new byte[] {0x00, 0x61, 'a'});
    assertTrue(nameKey > 0, "n as integer key 0");
    assertTrue(indexOf(cbor, new byte[] {0x01, 0x63, 'C', 'e', 'l'}) > nameKey, "u as integer key 1");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
