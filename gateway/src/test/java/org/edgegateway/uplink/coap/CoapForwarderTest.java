// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.coap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.edgegateway.buffer.Carriers;
import org.edgegateway.buffer.MemoryOutbox;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.data.Event;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;
import org.edgegateway.testing.Await;
import org.edgegateway.uplink.Forwarder;
import org.edgegateway.uplink.UplinkState.Phase;
import org.edgegateway.uplink.senml.DecodedPack;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forwarder over the CoAP uplink: store and forward through an outage, in CBOR, block-wise packs included. */
class CoapForwarderTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final long T0 = 1_795_456_800_000L;

  @TempDir
  Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
  }

  private static Reading reading(int i) {
    return new Reading("bed-" + (i % 4) + ".moisture", T0 + i * 1000L, i, "%RH", Quality.OK);
  }

  /** Values of every reading the server received, decoded from its SenML CBOR packs. */
  private static Set<Double> received(TestCoapServer server) throws Exception {
    SenmlDecoder decoder = new SenmlDecoder(SenmlFormat.CBOR);
    Set<Double> values = new TreeSet<>();
    for (TestCoapServer.Post p : server.posts("telemetry")) {
      DecodedPack<Reading> pack = decoder.decode(p.payload());
      for (Reading r : pack.items()) values.add(r.value());
    }
    return values;
  }

  @Test
  void everyReadingArrivesAfterTheServerWasDownForAWhile() throws Exception {
    survivesAnOutage(TestCoapServer.plain(), null, null);
  }

  @Test
  void overDtlsEveryReadingArrivesAfterTheServerRestartedAndForgotTheSession() throws Exception {
    Path id = Files.writeString(dir.resolve("id"), "gw-test");
    Path key = Files.writeString(dir.resolve("key"), "dtls-key-7");
    survivesAnOutage(TestCoapServer.dtls("gw-test", "dtls-key-7".getBytes(StandardCharsets.US_ASCII)), id, key);
  }

  private void survivesAnOutage(TestCoapServer server, Path id, Path key) throws Exception {
    closing.add(server);
    MemoryOutbox outbox = new MemoryOutbox(OutboxSettings.defaults(dir.resolve("unused.db")), Clock.systemUTC(),
        Carriers.of("coap"));
    CoapSettings settings = new CoapSettings(URI.create(server.uri()), SenmlFormat.CBOR, 2048, 2,
        Duration.ofMillis(200), 1, Duration.ofMillis(100), Duration.ofMillis(500), id, key);
    CoapUplink uplink = new CoapUplink(settings, (t, cf, p, r) -> { }, Clock.systemUTC(), new SplittableRandom(2));
    Forwarder forwarder = new Forwarder(outbox.forUplink("coap"), uplink, "gw-test/", 0, Clock.systemUTC());
    closing.add(uplink::stop);
    closing.add(forwarder::stop);
    uplink.start();
    forwarder.start();
    for (int i = 0; i < 300; i++) outbox.offer(reading(i));
    Await.until(WAIT, () -> server.posts("telemetry").size() >= 2, "first packs");

    server.stop();
    for (int i = 300; i < 600; i++) outbox.offer(reading(i));
    outbox.offer(new Event(T0, "alert.raised", "bed-1", Severity.WARNING, "dry", 12));
    Await.until(WAIT, () -> uplink.state().phase() == Phase.OFFLINE, () -> "offline: " + uplink.state());
    Await.until(WAIT, () -> uplink.state().connectAttempts() >= 3, () -> "probed in vain: " + uplink.state());
    assertTrue(outbox.stats().stored() > 0, "kept while the server is down");
    server.start();

    Await.until(WAIT, () -> outbox.stats().stored() == 0, () -> "drained: " + outbox.stats() + " " + uplink.state());
    Set<Double> values = received(server);
    assertEquals(600, values.size(), "every reading, none lost");
    assertEquals(1, server.posts("events").size());
    assertTrue(server.posts("telemetry").stream().anyMatch(p -> p.payload().length > 1024), "block-wise packs");
  }
}
