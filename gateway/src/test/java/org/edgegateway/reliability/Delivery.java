// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.data.Event;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Reading;
import org.edgegateway.testing.TestMqttClient;
import org.edgegateway.uplink.senml.DecodedPack;
import org.edgegateway.uplink.senml.EventCodec;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * What the platform received against what the gateway committed: every item that left the outbox (committed
 * minus still stored) must have been received; sequence numbers must have no gap; duplicates are counted.
 * Items are told apart by resolved name and time (readings) or kind, source, time and message (events).
 */
final class Delivery {
  final long committed;
  final long stillStored;
  final long packs;
  final long duplicatePacks;
  final long itemsReceived;
  final Set<String> distinct = new HashSet<>();
  final TreeSet<Long> sequences = new TreeSet<>();
  final long lost;
  final List<Long> gaps = new ArrayList<>();

  private Delivery(long committed, Set<String> stored, List<TestMqttClient.Message> messages, String baseName)
      throws IOException {
    this.committed = committed;
    this.stillStored = stored.size();
    SenmlDecoder senml = new SenmlDecoder(SenmlFormat.JSON);
    EventCodec events = new EventCodec(SenmlFormat.JSON);
    long n = 0;
    long dups = 0;
    long items = 0;
    for (TestMqttClient.Message m : messages) {
      long seq;
      if (m.topic().endsWith("/telemetry")) {
        DecodedPack<Reading> p = senml.decode(m.payload());
        seq = p.sequence();
        for (Reading r : p.items()) note(r.channel() + "@" + r.timeMillis(), seq);
        items += p.items().size();
      } else if (m.topic().endsWith("/events")) {
        DecodedPack<Event> p = events.decode(m.payload());
        seq = p.sequence();
        for (Event e : p.items()) note(key(e), seq);
        items += p.items().size();
      } else {
        continue;
      }
      n++;
      if (!sequences.add(seq)) dups++;
    }
    this.packs = n;
    this.duplicatePacks = dups;
    this.itemsReceived = items;
    Set<String> receivedAndGone = new HashSet<>(distinct);
    receivedAndGone.removeAll(stored.stream().map(k -> k.startsWith("event|") ? k : baseName + k)
        .collect(java.util.stream.Collectors.toSet()));
    this.lost = committed - stillStored - receivedAndGone.size();
    if (!sequences.isEmpty()) {
      for (long s = sequences.first(); s < sequences.last(); s++) if (!sequences.contains(s)) gaps.add(s);
    }
  }

  /** Compares the messages with the outbox file of a stopped gateway that committed {@code committed} rows. */
  static Delivery of(long committed, Path outboxFile, List<TestMqttClient.Message> messages, String baseName)
      throws IOException {
    return new Delivery(committed, stored(outboxFile), messages, baseName);
  }

  private final java.util.Map<String, Long> firstSeq = new java.util.HashMap<>();
  final List<String> sameKeyOtherPack = new ArrayList<>();

  private void note(String key, long seq) {
    distinct.add(key);
    Long first = firstSeq.putIfAbsent(key, seq);
    if (first != null && first != seq && sameKeyOtherPack.size() < 5) {
      sameKeyOtherPack.add(key + " in " + first + "+" + seq);
    }
  }

  long duplicates() {
    return itemsReceived - distinct.size();
  }

  /** Keys of every item still in the outbox file (opened after the gateway stopped). */
  static Set<String> stored(Path file) throws IOException {
    Set<String> keys = new HashSet<>();
    try (SqliteOutbox outbox = SqliteOutbox.open(OutboxSettings.defaults(file), Clock.systemUTC())) {
      for (Priority p : Priority.values()) {
        long after = 0;
        for (List<Outbox.Entry> batch = outbox.next(p, after, 1000); !batch.isEmpty();
            batch = outbox.next(p, after, 1000)) {
          for (Outbox.Entry e : batch) keys.add(key(e.item()));
          after = batch.get(batch.size() - 1).id();
        }
      }
    }
    return keys;
  }

  private static String key(Item item) {
    if (item instanceof Reading r) return r.channel() + "@" + r.timeMillis();
    Event e = (Event) item;
    return "event|" + e.kind() + "|" + e.source() + "|" + e.timeMillis() + "|" + e.message();
  }

  @Override
  public String toString() {
    return String.format("committed %d, still buffered %d, received %d items in %d packs (%d distinct, %d duplicate"
        + " items, %d duplicate packs), lost %d, sequence gaps %s%s", committed, stillStored, itemsReceived, packs,
        distinct.size(), duplicates(), duplicatePacks, lost, gaps,
        sameKeyOtherPack.isEmpty() ? "" : ", same item in other packs: " + sameKeyOtherPack);
  }
}
