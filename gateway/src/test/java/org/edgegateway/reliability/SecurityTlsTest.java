// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.edgegateway.cli.Gateway;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.ExpiredCertificates;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TestCertificates;
import org.edgegateway.testing.TestCertificates.Pair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway refuses a TLS broker it cannot trust (a certificate from another CA, an expired one, one for
 * another host name): it never goes online, keeps everything buffered, and says why in its status. A broker it can
 * trust is the control.
 */
@Timeout(120)
class SecurityTlsTest {
  @TempDir
  Path dir;
  Pair cityCa;

  @BeforeEach
  void makeCa() throws Exception {
    cityCa = TestCertificates.ca(dir, "city-ca");
  }

  @Test
  void brokerWithTheSitesCaAndHostNameIsTrusted() throws Exception {
    String uplink = run(TestCertificates.issue(dir, cityCa, "broker", "localhost"), "localhost", cityCa.cert(), true);
    assertTrue(uplink.startsWith("mqtt online"), uplink);
  }

  @Test
  void brokerFromAnotherCaIsRefused() throws Exception {
    Pair otherCa = TestCertificates.ca(dir, "other-ca");
    String uplink = run(TestCertificates.issue(dir, otherCa, "broker", "localhost"), "localhost", cityCa.cert(),
        false);
    assertTrue(uplink.contains("does not chain to a CA in the CA file"), uplink);
  }

  @Test
  void brokerWithAnExpiredCertificateIsRefusedAndTheReasonSaysExpired() throws Exception {
    String uplink = run(ExpiredCertificates.issue(dir, cityCa, "broker", "localhost"), "localhost", cityCa.cert(),
        false);
    assertTrue(uplink.contains("expired or not yet valid"), uplink);
  }

  @Test
  void brokerCertificateForAnotherHostNameIsRefused() throws Exception {
    String uplink = run(TestCertificates.issue(dir, cityCa, "broker", "broker.example.org"), "localhost",
        cityCa.cert(), false);
    assertTrue(uplink.contains("not for this host name"), uplink);
  }

  /** Runs the gateway against a TLS broker with {@code server}'s certificate; returns its uplink status. */
  private String run(Pair server, String host, Path ca, boolean trusted) throws Exception {
    Path brokerDir = Files.createDirectories(dir.resolve("broker"));
    try (MosquittoBroker broker = MosquittoBroker.start(brokerDir, "certfile " + server.cert() + "\nkeyfile "
        + server.key() + "\n")) {
      Path config = ReliabilitySite.write(dir, broker.uri("ssl", host), "    tls: {ca-file: " + ca + "}\n");
      Gateway g = Gateway.start(ConfigLoader.load(config), Clock.systemUTC(), System::nanoTime, 0);
      try {
        if (trusted) {
          Await.until(Duration.ofSeconds(20), () -> uplink(g).startsWith("mqtt online"), () -> uplink(g));
          Await.until(Duration.ofSeconds(20), () -> g.outbox().stats().acked() > 0, "readings acked");
        } else {
          Await.until(Duration.ofSeconds(20), () -> uplink(g).contains("TLS handshake failed"), () -> uplink(g));
          Await.until(Duration.ofSeconds(10), () -> g.outbox().stats().committed() > 100, "readings buffered");
          assertEquals(0, g.outbox().stats().acked(), "nothing left the gateway");
        }
        return uplink(g);
      } finally {
        g.stop();
        assertTrue(g.awaitStop(10, TimeUnit.SECONDS));
      }
    }
  }

  private static String uplink(Gateway g) {
    return g.uplinks();
  }
}
