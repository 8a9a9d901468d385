// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.edgegateway.testing.TestCertificates;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PahoOptionsTest {
  @TempDir Path dir;

  static MqttSettings settings(String uri, Path ca) {
    return new MqttSettings(List.of(URI.create(uri)), "gw-opt", "t/gw-opt", SenmlFormat.CBOR, 1024, 4, null,
        Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500), ca, null, null, null, null);
  }

  @Test
  void tcpBrokersGetPlainSocketsWithoutNagle() throws Exception {
    SocketFactory f = PahoOptions.create(settings("tcp://127.0.0.1:1883", null), null, null).getSocketFactory();

    assertFalse(f instanceof SSLSocketFactory, "Paho refuses an SSLSocketFactory for tcp://");
    try (Socket s = f.createSocket()) {
      assertTrue(s.getTcpNoDelay());
    }
  }

  @Test
  void sslBrokersGetTlsSocketsWithoutNagle() throws Exception {
    TestCertificates.Pair ca = TestCertificates.ca(dir, "city-ca");
    SocketFactory f = PahoOptions.create(settings("ssl://localhost:8883", ca.cert()), null, null).getSocketFactory();

    assertInstanceOf(SSLSocketFactory.class, f);
    try (Socket s = f.createSocket()) {
      assertInstanceOf(SSLSocket.class, s);
      assertTrue(s.getTcpNoDelay());
    }
  }

  @Test
  void sslBrokersWithoutOwnCaUseTheJvmTrustStoreWithoutNagle() throws Exception {
    SocketFactory f = PahoOptions.create(settings("ssl://localhost:8883", null), null, null).getSocketFactory();

    try (Socket s = f.createSocket()) {
      assertInstanceOf(SSLSocket.class, s);
      assertTrue(s.getTcpNoDelay());
    }
  }
}
