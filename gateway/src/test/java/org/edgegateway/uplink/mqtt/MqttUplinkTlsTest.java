// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TestCertificates;
import org.edgegateway.testing.TestCertificates.Pair;
import org.edgegateway.uplink.UplinkState;
import org.edgegateway.uplink.UplinkState.Phase;
import org.edgegateway.uplink.UplinkTopic;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttUplinkTlsTest {
  static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;
  Pair cityCa;
  Pair otherCa;
  Pair server;
  MosquittoBroker broker;
  PahoMqttUplink uplink;

  @BeforeEach
  void makeCertificates() throws Exception {
    cityCa = TestCertificates.ca(dir, "city-ca");
    otherCa = TestCertificates.ca(dir, "other-ca");
    server = TestCertificates.issue(dir, cityCa, "broker", "localhost");
  }

  @AfterEach
  void stopAll() {
    if (uplink != null) uplink.stop();
    if (broker != null) broker.close();
  }

  void startBroker(String extra) throws Exception {
    Path brokerDir = Files.createDirectory(dir.resolve("broker"));
    broker = MosquittoBroker.start(brokerDir, "certfile " + server.cert() + "\nkeyfile " + server.key() + "\n" + extra);
  }

  PahoMqttUplink uplink(String host, Path ca, Pair client) {
    MqttSettings settings = new MqttSettings(List.of(URI.create(broker.uri("ssl", host))), "gw-tls", "t/gw-tls",
        SenmlFormat.CBOR, 1024, 4, null, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500), ca,
        client == null ? null : client.cert(), client == null ? null : client.key(), null, null);
    uplink = new PahoMqttUplink(settings, () -> MqttUplinkTest.BIRTH, (n, p) -> { }, Clock.systemUTC(),
        new Random(3));
    return uplink;
  }

  static UplinkState refused(PahoMqttUplink uplink) {
    Await.until(WAIT, () -> uplink.state().lastError() != null, () -> "an error: " + uplink.state());
    UplinkState state = uplink.state();
    assertTrue(state.phase() == Phase.OFFLINE || state.phase() == Phase.CONNECTING, state.toString());
    return state;
  }

  @Test
  void brokerCertifiedByConfiguredCaIsAccepted() throws Exception {
    startBroker("");
    uplink("localhost", cityCa.cert(), null).start();

    assertTrue(uplink.awaitOnline(WAIT), () -> uplink.state().toString());
    uplink.send(UplinkTopic.TELEMETRY, new byte[] {(byte) 0x80}).get(10, TimeUnit.SECONDS);
    assertEquals(1, uplink.state().acked());
  }

  @Test
  void brokerCertifiedByAnotherCaIsRefusedWithClearError() throws Exception {
    startBroker("");
    uplink("localhost", otherCa.cert(), null).start();

    UplinkState state = refused(uplink);

    assertTrue(state.lastError().contains("TLS handshake failed"), state.lastError());
    assertTrue(state.lastError().contains("does not chain to a CA in the CA file"), state.lastError());
    assertFalse(uplink.awaitOnline(Duration.ofMillis(300)));
  }

  @Test
  void brokerCertificateForAnotherHostIsRefused() throws Exception {
    startBroker("");
    uplink("127.0.0.1", cityCa.cert(), null).start();

    UplinkState state = refused(uplink);

    assertTrue(state.lastError().contains("TLS handshake failed"), state.lastError());
    assertTrue(state.lastError().contains("not for this host name"), state.lastError());
    assertTrue(state.lastError().contains("127.0.0.1"), state.lastError());
  }

  @Test
  void clientCertificateLetsGatewayIntoBrokerThatRequiresOne() throws Exception {
    startBroker("cafile " + cityCa.cert() + "\nrequire_certificate true\n");
    Pair gateway = TestCertificates.issue(dir, cityCa, "gw-tls");
    uplink("localhost", cityCa.cert(), gateway).start();

    assertTrue(uplink.awaitOnline(WAIT), () -> uplink.state().toString());
  }

  @Test
  void gatewayWithoutClientCertificateIsRefusedByBrokerThatRequiresOne() throws Exception {
    startBroker("cafile " + cityCa.cert() + "\nrequire_certificate true\n");
    uplink("localhost", cityCa.cert(), null).start();

    UplinkState state = refused(uplink);

    assertTrue(state.lastError().contains("certificate_required"), state.lastError());
    assertFalse(uplink.awaitOnline(Duration.ofMillis(300)), state.toString());
  }
}
