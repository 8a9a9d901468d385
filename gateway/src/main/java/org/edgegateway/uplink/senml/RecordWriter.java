// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one record (a JSON object or a CBOR map of definite length) with {@link Label} keys; CBOR gets the
 * integer keys and numbers in their shortest exact form ({@link Cbor}), JSON whole numbers without a fraction.
 * Fields are collected first, so the CBOR map can state its size.
 */
final class RecordWriter {
  private static final JsonFactory JSON = new JsonFactory();
  /** 2^53: whole doubles below it print as integers without loss. */
  private static final double MAX_EXACT = 0x1p53;

  private final List<Label> labels = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  private RecordWriter() {}

  /** What a record's content is, added field by field. */
  interface Body {
    void write(RecordWriter record);
  }

  /** Seconds given in milliseconds, written exactly. */
  private record Seconds(long millis) {}

  static byte[] record(SenmlFormat format, Body body) {
    RecordWriter fields = new RecordWriter();
    body.write(fields);
    ByteArrayOutputStream out = new Bytes(64);
    if (format == SenmlFormat.CBOR) {
      fields.cbor(out);
      return out.toByteArray();
    }
    try (JsonGenerator gen = JSON.createGenerator(out)) {
      gen.writeStartObject();
      for (int i = 0; i < fields.labels.size(); i++) {
        gen.writeFieldName(fields.labels.get(i).json);
        json(gen, fields.values.get(i));
      }
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory failed", e);
    }
    return out.toByteArray();
  }

  void text(Label label, String value) {
    add(label, value);
  }

  void integer(Label label, long value) {
    add(label, value);
  }

  void number(Label label, double value) {
    add(label, value);
  }

  /**
   * Seconds with millisecond precision: an exact decimal in JSON; in CBOR an integer when whole, else the shortest
   * float that reads back as the same decimal ({@link Cbor#number}).
   */
  void seconds(Label label, long millis) {
    add(label, new Seconds(millis));
  }

  private void add(Label label, Object value) {
    labels.add(label);
    values.add(value);
  }

  /** A map of definite length, integer keys for SenML's labels, numbers in their shortest form ({@link Cbor}). */
  private void cbor(ByteArrayOutputStream out) {
    Cbor.head(out, 5, labels.size());
    for (int i = 0; i < labels.size(); i++) {
      Label label = labels.get(i);
      if (label.cbor != null) {
        Cbor.integer(out, label.cbor);
      } else {
        Cbor.text(out, label.json);
      }
      Object value = values.get(i);
      if (value instanceof String) {
        Cbor.text(out, (String) value);
      } else if (value instanceof Long) {
        Cbor.integer(out, (Long) value);
      } else if (value instanceof Double) {
        Cbor.number(out, (Double) value);
      } else {
        Cbor.number(out, ((Seconds) value).millis() / 1000.0);
      }
    }
  }

  private static void json(JsonGenerator gen, Object value) throws IOException {
    if (value instanceof String) {
      gen.writeString((String) value);
    } else if (value instanceof Long) {
      gen.writeNumber((Long) value);
    } else if (value instanceof Double) {
      double v = (Double) value;
      // A whole number without its ".0" is the same JSON number, two bytes shorter.
      if (v == Math.rint(v) && Math.abs(v) < MAX_EXACT && Double.doubleToRawLongBits(v) != Long.MIN_VALUE) {
        gen.writeNumber((long) v);
      } else {
        gen.writeNumber(v);
      }
    } else {
      long millis = ((Seconds) value).millis();
      gen.writeNumber(BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString());
    }
  }
}
