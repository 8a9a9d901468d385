// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one record (a JSON object or a CBOR map of definite length) with {@link Label} keys; CBOR gets the
 * integer keys. Fields are collected first, so the CBOR map can state its size.
 */
final class RecordWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final CBORFactory CBOR = new CBORFactory();

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
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator gen = (format == SenmlFormat.JSON ? JSON : CBOR).createGenerator(out)) {
      gen.writeStartObject(null, fields.labels.size());
      for (int i = 0; i < fields.labels.size(); i++) {
        key(format, gen, fields.labels.get(i));
        value(format, gen, fields.values.get(i));
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

  /** Seconds with millisecond precision: an exact decimal in JSON, a double in CBOR. */
  void seconds(Label label, long millis) {
    add(label, new Seconds(millis));
  }

  private void add(Label label, Object value) {
    labels.add(label);
    values.add(value);
  }

  private static void key(SenmlFormat format, JsonGenerator gen, Label label) throws IOException {
    if (format == SenmlFormat.CBOR && label.cbor != null) {
      gen.writeFieldId(label.cbor);
    } else {
      gen.writeFieldName(label.json);
    }
  }

  private static void value(SenmlFormat format, JsonGenerator gen, Object value) throws IOException {
    if (value instanceof String) {
      gen.writeString((String) value);
    } else if (value instanceof Long) {
      gen.writeNumber((Long) value);
    } else if (value instanceof Double) {
      gen.writeNumber((Double) value);
    } else {
      long millis = ((Seconds) value).millis();
      if (format == SenmlFormat.JSON) {
        gen.writeNumber(BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString());
      } else {
        gen.writeNumber(millis / 1000.0);
      }
    }
  }
}
