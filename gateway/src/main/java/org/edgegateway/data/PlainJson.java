// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The JSON mapper for what people and platforms read (status, acks): every number as a plain decimal
 * ({@code 1796407734.299}, never {@code 1.796407734299E9}), whole numbers without {@code .0}, and NaN or infinite
 * values as {@code null} (JSON has no NaN).
 */
public final class PlainJson {
  /** Thread-safe once built; share it. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      // A tree read back (the birth message, to add the status to it) keeps its decimals exact, not as doubles.
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .addModule(new SimpleModule("plain-numbers")
          .addSerializer(Double.class, new DoubleText())
          .addSerializer(double.class, new DoubleText())
          .addSerializer(Float.class, new FloatText())
          .addSerializer(float.class, new FloatText()))
      .build();

  private PlainJson() {}

  /** {@code v} as a plain decimal, or null when it is NaN or infinite. */
  public static BigDecimal decimal(double v) {
    if (!Double.isFinite(v)) return null;
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  private static final class DoubleText extends StdSerializer<Double> {
    DoubleText() {
      super(Double.class);
    }

    @Override
    public void serialize(Double v, JsonGenerator gen, SerializerProvider p) throws IOException {
      BigDecimal d = decimal(v);
      if (d == null) gen.writeNull();
      else gen.writeNumber(d);
    }
  }

  private static final class FloatText extends StdSerializer<Float> {
    FloatText() {
      super(Float.class);
    }

    @Override
    public void serialize(Float v, JsonGenerator gen, SerializerProvider p) throws IOException {
      BigDecimal d = Float.isFinite(v) ? new BigDecimal(Float.toString(v)).stripTrailingZeros() : null;
      if (d == null) gen.writeNull();
      else gen.writeNumber(d.scale() < 0 ? d.setScale(0) : d);
    }
  }
}
