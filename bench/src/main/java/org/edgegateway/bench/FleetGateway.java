// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import org.edgegateway.buffer.MemoryOutbox;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.Birth;
import org.edgegateway.uplink.Forwarder;
import org.edgegateway.uplink.UplinkState;
import org.edgegateway.uplink.mqtt.MqttSettings;
import org.edgegateway.uplink.mqtt.PahoMqttUplink;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * One simulated gateway of the fleet benchmark: the gateway's own uplink code (a {@link PahoMqttUplink} with the
 * config's default settings, driven by a {@link Forwarder}) over a {@link MemoryOutbox}, under its
 * own client id and topic prefix {@code fleet/gw-NNNN/}. Reading values count up from 0 per gateway, so the
 * subscriber can tell lost readings from duplicates. Each successful connect (CONNACK) is logged with its
 * {@code System.nanoTime()}: the uplink asks for its birth message right after every connect.
 */
final class FleetGateway {
  static final String CHANNEL_PREFIX = "ch";

  private final int index;
  private final Clock clock = Clock.systemUTC();
  private final MemoryOutbox outbox;
  private final PahoMqttUplink uplink;
  private final Forwarder forwarder;
  private volatile long produced;

  FleetGateway(int index, URI broker, int channels, Queue<long[]> connects) {
    this.index = index;
    String id = name(index);
    List<Birth.Channel> list = new ArrayList<>();
    for (int c = 0; c < channels; c++) list.add(new Birth.Channel(CHANNEL_PREFIX + c, "Cel"));
    Birth birth = new Birth(id, "fleet", Double.NaN, Double.NaN, "bench", list);
    this.outbox = new MemoryOutbox(100_000, clock);
    // The defaults of the gateway's config (ConfigLoader): pack 1024 B, in flight 20, keep-alive 30 s, connect
    // timeout 10 s, reconnect 1 s -> 5 min.
    MqttSettings settings = new MqttSettings(List.of(broker), id, "fleet/" + id + "/", SenmlFormat.CBOR, 1024, 20,
        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5), null, null, null,
        null, null);
    this.uplink = new PahoMqttUplink(settings, () -> {
      connects.add(new long[] {index, System.nanoTime()});
      return birth;
    }, (name, payload) -> { }, clock, new SplittableRandom(index));
    this.forwarder = new Forwarder(outbox, uplink, id + "/", 0, clock);
  }

  static String name(int index) {
    return String.format("gw-%04d", index);
  }

  void start() throws IOException {
    uplink.start();
    forwarder.start();
  }

  /** Stores one reading per channel, values continuing the gateway's count; called on the producer thread only. */
  void produce(int channels) {
    long now = clock.millis();
    long next = produced;
    for (int c = 0; c < channels; c++) {
      outbox.offer(new Reading(CHANNEL_PREFIX + c, now, next++, "Cel", Quality.OK));
    }
    produced = next;
  }

  long produced() {
    return produced;
  }

  long buffered() {
    return outbox.stats().storedTelemetry();
  }

  UplinkState state() {
    return uplink.state();
  }

  int index() {
    return index;
  }

  void stop() {
    forwarder.stop();
    uplink.stop();
  }
}
