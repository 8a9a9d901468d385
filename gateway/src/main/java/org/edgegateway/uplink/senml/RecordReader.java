// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads an array of records written by {@link RecordWriter} back into label → value maps; unknown keys skipped. */
final class RecordReader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final CBORFactory CBOR = new CBORFactory();

  private RecordReader() {}

  /**
   * Values are String, Boolean, Long (integers) or BigDecimal (other numbers; NaN only as Double). A CBOR float32
   * or float16 is read as the shortest decimal of that float, as {@link Cbor} writes it.
   */
  static List<Map<Label, Object>> records(SenmlFormat format, byte[] bytes) throws IOException {
    List<Map<Label, Object>> records = new ArrayList<>();
    try (JsonParser p = (format == SenmlFormat.JSON ? JSON : CBOR).createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_ARRAY) throw new IOException("not an array");
      while (p.nextToken() == JsonToken.START_OBJECT) {
        records.add(record(p));
      }
      if (p.currentToken() != JsonToken.END_ARRAY) throw new IOException("array of objects expected");
    }
    return records;
  }

  private static Map<Label, Object> record(JsonParser p) throws IOException {
    Map<Label, Object> fields = new EnumMap<>(Label.class);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      Label label = Label.forKey(p.currentName());
      JsonToken value = p.nextToken();
      if (label == null) {
        p.skipChildren();
      } else {
        fields.put(label, value(p, value));
      }
    }
    return fields;
  }

  private static Object value(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_TRUE:
      case VALUE_FALSE:
        return token == JsonToken.VALUE_TRUE;
      case VALUE_NUMBER_INT:
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        if (p.getNumberType() == JsonParser.NumberType.FLOAT) {
          // A CBOR float32 or float16 stands for the shortest decimal that identifies it (see Cbor.shortFloat).
          float f = p.getFloatValue();
          return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : (Object) (double) f;
        }
        double d = p.getDoubleValue();
        return Double.isFinite(d) ? p.getDecimalValue() : (Object) d;
      default:
        throw new IOException("unexpected " + token + " at " + p.currentLocation());
    }
  }

  static double number(Object value) {
    if (value instanceof Double) return (Double) value;
    if (value instanceof Long) return (Long) value;
    return ((BigDecimal) value).doubleValue();
  }

  static long millis(Object seconds) {
    BigDecimal s = seconds instanceof Long ? BigDecimal.valueOf((Long) seconds) : (BigDecimal) seconds;
    return s.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }
}
