// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;

/**
 * Encodes events as an array of event objects, framed like a SenML pack and bounded by a byte size: each object
 * has {@code t} (seconds), {@code kind}, {@code source}, {@code severity}, {@code message} and {@code v} (absent
 * when NaN); the first also carries {@code seq}. CBOR uses the SenML integer keys for {@code t} and {@code v}.
 * Not SenML: events are records of their own kind. Thread-safe.
 */
public final class EventCodec {
  private final SenmlFormat format;

  public EventCodec(SenmlFormat format) {
    if (format == null) throw new IllegalArgumentException("format null");
    this.format = format;
  }

  /** Encodes the longest prefix of {@code events} that fits {@code maxBytes}; at least the first event. */
  public EncodedPack encode(List<Event> events, long sequence, int maxBytes) {
    if (events.isEmpty()) throw new IllegalArgumentException("no events");
    if (sequence < 0) throw new IllegalArgumentException("sequence negative: " + sequence);
    return ArrayPack.fit(format, events.size(),
        i -> RecordWriter.record(format, r -> write(r, events.get(i), i == 0, sequence)), maxBytes);
  }

  private static void write(RecordWriter r, Event event, boolean first, long sequence) {
    if (first) r.integer(Label.SEQUENCE, sequence);
    r.seconds(Label.TIME, event.timeMillis());
    r.text(Label.KIND, event.kind());
    r.text(Label.SOURCE, event.source());
    r.text(Label.SEVERITY, event.severity().wireName());
    r.text(Label.MESSAGE, event.message());
    if (Double.isFinite(event.value())) r.number(Label.VALUE, event.value());
  }

  /** Reads an events message back; for tests and tools. */
  public DecodedPack<Event> decode(byte[] bytes) throws IOException {
    List<Event> events = new ArrayList<>();
    long sequence = -1;
    for (Map<Label, Object> r : RecordReader.records(format, bytes)) {
      if (r.containsKey(Label.SEQUENCE)) sequence = (Long) r.get(Label.SEQUENCE);
      if (!r.containsKey(Label.TIME) || !r.containsKey(Label.KIND)) throw new IOException("event without t/kind");
      double value = r.containsKey(Label.VALUE) ? RecordReader.number(r.get(Label.VALUE)) : Double.NaN;
      Severity severity = Severity.valueOf(((String) r.get(Label.SEVERITY)).toUpperCase(Locale.ROOT));
      events.add(new Event(RecordReader.millis(r.get(Label.TIME)), (String) r.get(Label.KIND),
          (String) r.get(Label.SOURCE), severity, (String) r.get(Label.MESSAGE), value));
    }
    return new DecodedPack<>(sequence, events);
  }
}
