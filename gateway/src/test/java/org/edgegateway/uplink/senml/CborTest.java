// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import static org.edgegateway.uplink.senml.SenmlEncoderTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CborTest {
  private static final long T0 = 1_795_456_800_250L;

  private static String number(double value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Cbor.number(out, value);
    return hex(out.toByteArray());
  }

  @Test
  void numbersTakeTheirShortestFormThatReadsBackAsTheSameDecimal() {
    assertEquals("00", number(0));
    assertEquals("17", number(23));
    assertEquals("1818", number(24));
    assertEquals("22", number(-3));
    assertEquals("19ffe0", number(65504));
    assertEquals("1b4000000000000000", number(0x1p62));
    assertEquals("3b7ffffffffffffbff", number(-0x1p63 + 1024));
    assertEquals("f93e00", number(1.5));
    assertEquals("f94d60", number(21.5));
    assertEquals("f98000", number(-0.0));
    assertEquals("fa41bb3333", number(23.4), "23.4 as float32: reads back as the decimal 23.4");
    assertEquals("fa3e5a8588", number(0.2134));
    assertEquals("fb3fd3333333333334", number(0.1 + 0.2), "17 significant digits: float64");
    assertEquals("fb3fb99999a0000000", number(0.1f), "a float32 widened reads back as 0.1, not itself: float64");
    assertEquals("fb7e37e43c8800759c", number(1e300));
    assertEquals("fb43e0000000000000", number(0x1p63), "too large for a CBOR integer");
    assertEquals("fb3e70000000000000", number(0x1p-24), "float16-exact, but its float32 decimal is not it");
  }

  @Test
  void float16OnlyForExactValues() {
    assertEquals(0x7bff, Cbor.half(65504f));
    assertEquals(0x0400, Cbor.half(0x1p-14f));
    assertEquals(0x0001, Cbor.half(0x1p-24f));
    assertEquals(0xc000, Cbor.half(-2f));
    assertEquals(-1, Cbor.half(65520f));
    assertEquals(-1, Cbor.half(0x1p-25f));
    assertEquals(-1, Cbor.half(0.1f));
    assertEquals(-1, Cbor.half(1f / 3));
    assertEquals(-1, Cbor.half(Float.NaN));
  }

  @Test
  void aGenericDecoderReadsFloat32WithinHalfAFloat32StepOfTheDecimal() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Cbor.number(out, 23.4);
    try (CBORParser p = new CBORFactory().createParser(out.toByteArray())) {
      p.nextToken();
      double widened = p.getDoubleValue();
      assertEquals(23.4, widened, 23.4 * 0x1p-24);
      assertEquals(23.4, RecordReader.number(new java.math.BigDecimal(Float.toString(p.getFloatValue()))), 0.0);
    }
  }

  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void everyNumberFormRoundTripsExactly(SenmlFormat format) throws IOException {
    double[] values = {0, 1, -1, 23, 24, -25, 255, 256, 65535, 65536, 0x1p53 + 2, 0x1p62, 0x1p63, -0x1p63, 1.5,
        21.5, 65504, 23.4, -10.1, 0.2134, 0.0001, 1e-7, 3.4028235e38, 0.1 + 0.2, (double) 0.1f, 1e300, -1e300,
        Double.MAX_VALUE, Double.MIN_VALUE, 0x1p-24, 27.97, 4294967.295, 1795456800.25};
    List<Reading> in = new java.util.ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      in.add(new Reading("c" + (i % 3), T0 + i * 1_001L, values[i], "Cel", Quality.OK));
    }
    in.add(new Reading("c0", T0 - 1, Double.NaN, "Cel", Quality.SENSOR_ERROR));
    in.add(new Reading("c1", T0 + 20_000_123L, Double.POSITIVE_INFINITY, "Cel", Quality.OUT_OF_RANGE));
    in.add(new Reading("c2", T0 - 9_000_001L, -273.15, "Cel", Quality.STALE));
    byte[] bytes = new SenmlEncoder(format, "gw/").encode(in, 3, 100_000).bytes();
    List<Reading> out = new SenmlDecoder(format).decode(bytes).items();
    List<Reading> expected = new java.util.ArrayList<>();
    for (Reading r : in) {
      double v = Double.isFinite(r.value()) ? r.value() : Double.NaN;
      expected.add(new Reading("gw/" + r.channel(), r.timeMillis(), v, r.unit(), r.quality()));
    }
    Map<String, List<Reading>> want = SenmlEncoderTest.perChannel(expected);
    assertEquals(want, SenmlEncoderTest.perChannel(out));
  }
}
