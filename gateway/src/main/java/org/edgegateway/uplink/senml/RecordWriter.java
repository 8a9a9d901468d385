// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Writes one record (a JSON object or a CBOR map) with {@link Label} keys; CBOR gets the integer keys. */
final class RecordWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final CBORFactory CBOR = new CBORFactory();

  private final SenmlFormat format;
  private final JsonGenerator gen;

  private RecordWriter(SenmlFormat format, JsonGenerator gen) {
    this.format = format;
    this.gen = gen;
  }

  /** What a record's content is, written field by field. */
  interface Body {
    void write(RecordWriter record) throws IOException;
  }

  static byte[] record(SenmlFormat format, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator gen = (format == SenmlFormat.JSON ? JSON : CBOR).createGenerator(out)) {
      gen.writeStartObject();
      body.write(new RecordWriter(format, gen));
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory failed", e);
    }
    return out.toByteArray();
  }

  void text(Label label, String value) throws IOException {
    key(label);
    gen.writeString(value);
  }

  void integer(Label label, long value) throws IOException {
    key(label);
    gen.writeNumber(value);
  }

  void number(Label label, double value) throws IOException {
    key(label);
    gen.writeNumber(value);
  }

  /** Seconds with millisecond precision: an exact decimal in JSON, a double in CBOR. */
  void seconds(Label label, long millis) throws IOException {
    key(label);
    if (format == SenmlFormat.JSON) {
      gen.writeNumber(BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString());
    } else {
      gen.writeNumber(millis / 1000.0);
    }
  }

  private void key(Label label) throws IOException {
    if (format == SenmlFormat.CBOR && label.cbor != null) {
      gen.writeFieldId(label.cbor);
    } else {
      gen.writeFieldName(label.json);
    }
  }
}
