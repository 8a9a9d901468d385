// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** The readings of each channel (and unit), in order: what a pack keeps, since it groups records per channel. */
  static Map<String, List<Reading>> perChannel(List<Reading> readings) {
    Map<String, List<Reading>> map = new HashMap<>();
    for (Reading r : readings) map.computeIfAbsent(r.channel() + " " + r.unit(), k -> new ArrayList<>()).add(r);
    return map;
  }

  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void roundTripKeepsEveryFieldNanQualityAndOrderPerChannel(SenmlFormat format) throws IOException {
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
    assertEquals(perChannel(resolved("gw-ka-0001/", in)), perChannel(out.items()));
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
      assertEquals(perChannel(resolved("gw-1/", in.subList(0, pack.count()))),
          perChannel(new SenmlDecoder(format).decode(pack.bytes()).items()));
    }
  }

  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void searchFindsTheLongestFittingPrefixWhereverTheBoundFalls(SenmlFormat format) {
    SenmlEncoder encoder = new SenmlEncoder(format, "gw-1/");
    List<Reading> in = readings(60);
    int[] sizes = new int[in.size() + 1];
    for (int k = 1; k <= in.size(); k++) {
      sizes[k] = encoder.encode(in.subList(0, k), 7, Integer.MAX_VALUE).bytes().length;
    }
    // Every bound from below one reading's pack to above the whole list's: the count is the brute-force answer.
    for (int max = sizes[1] - 3; max <= sizes[in.size()] + 3; max += 7) {
      int expected = 1;
      for (int k = 1; k <= in.size(); k++) {
        if (sizes[k] <= max) expected = k;
      }
      EncodedPack pack = encoder.encode(in, 7, max);
      assertEquals(expected, pack.count(), format + " bound " + max);
      assertEquals(sizes[expected], pack.bytes().length, format + " bound " + max);
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
  void readingsAreGroupedIntoRunsPerChannelSingleReadingsFirstThenUnitlessThenPerUnit() throws IOException {
    List<Reading> in = new ArrayList<>();
    double[] moisture = {0.2134, 0.2133, 0.2132};
    for (int i = 0; i < 3; i++) {
      in.add(new Reading("a.moisture", T0 + i * 1000L, moisture[i], "/", Quality.OK));
      in.add(new Reading("air.temp", T0 + i * 1000L, 20 + i, "Cel", Quality.OK));
      in.add(new Reading("b.moisture", T0 + i * 1000L, 0.3, "/", Quality.OK));
      in.add(new Reading("valve.state", T0 + i * 1000L, i % 2, "", Quality.OK));
    }
    in.add(new Reading("rain.total", T0 + 2500, 0.2, "mm", Quality.OK));
    in.add(new Reading("rain.rate", T0 + 2500, 3, "mm/h", Quality.OK));
    String json = new String(new SenmlEncoder(SenmlFormat.JSON, "gw/").encode(in, 7, 10_000).bytes(),
        StandardCharsets.UTF_8);
    assertEquals("[{\"bn\":\"gw/\",\"bt\":1732384284.123,\"seq\":7,\"n\":\"rain.total\",\"u\":\"mm\",\"v\":0.2,"
        + "\"t\":2.5},{\"n\":\"rain.rate\",\"u\":\"mm/h\",\"v\":3,\"t\":2.5},"
        + "{\"bn\":\"gw/valve.state\",\"v\":0},{\"v\":1,\"t\":1},{\"v\":0,\"t\":2},"
        + "{\"bn\":\"gw/a.moisture\",\"bu\":\"/\",\"v\":0.2134},{\"v\":0.2133,\"t\":1},{\"v\":0.2132,\"t\":2},"
        + "{\"bn\":\"gw/b.moisture\",\"v\":0.3},{\"v\":0.3,\"t\":1},{\"v\":0.3,\"t\":2},"
        + "{\"bn\":\"gw/air.temp\",\"bu\":\"Cel\",\"v\":20},{\"v\":21,\"t\":1},{\"v\":22,\"t\":2}]", json);
    for (SenmlFormat format : SenmlFormat.values()) {
      byte[] bytes = new SenmlEncoder(format, "gw/").encode(in, 7, 10_000).bytes();
      assertEquals(perChannel(resolved("gw/", in)), perChannel(new SenmlDecoder(format).decode(bytes).items()));
    }
  }

  @Test
  void runReadAFewMillisecondsOffTheOthersGetsABaseTimeOfItsOwn() throws IOException {
    List<Reading> in = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      in.add(new Reading("a", 1_795_456_800_000L + i * 1000L, 1.5, "Cel", Quality.OK));
      in.add(new Reading("b", 1_795_456_800_037L + i * 1000L, 2.5, "Cel", Quality.OK));
    }
    String json = new String(new SenmlEncoder(SenmlFormat.JSON, "").encode(in, 1, 10_000).bytes(),
        StandardCharsets.UTF_8);
    assertTrue(json.contains("{\"bn\":\"b\",\"bt\":1795456800.037,\"v\":2.5},{\"v\":2.5,\"t\":1}"), json);
    for (SenmlFormat format : SenmlFormat.values()) {
      byte[] bytes = new SenmlEncoder(format, "").encode(in, 1, 10_000).bytes();
      assertEquals(perChannel(in), perChannel(new SenmlDecoder(format).decode(bytes).items()), format.name());
    }
  }

  @Test
  void cborPackUsesIntegerLabelsAndShortestNumbers() {
    byte[] cbor = new SenmlEncoder(SenmlFormat.CBOR, "g/")
        .encode(List.of(new Reading("a", 1000, 1.5, "Cel", Quality.OK)), 1, 1000).bytes();
    // Array of 1, map of 5: bn(-2 = 0x21) "g/a", bu(-4 = 0x23) "Cel", bt(-3 = 0x22) 1, "seq" 1, v(2) 1.5 (float16).
    assertEquals(hex("81 a5 21 63 672f61 23 63 43656c 22 01 63 736571 01 02 f9 3e00"), hex(cbor));
  }

  static String hex(String spaced) {
    return spaced.replace(" ", "");
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) sb.append(String.format("%02x", b & 0xff));
    return sb.toString();
  }
}
