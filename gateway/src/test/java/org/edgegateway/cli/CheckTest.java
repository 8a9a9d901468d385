// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TestCertificates;
import org.edgegateway.uplink.coap.TestCoapServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commissioning check as a technician runs it: {@code edge-gateway check --config FILE}. */
class CheckTest {
  @TempDir
  Path dir;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int check(Path config, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "check";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The demo config with its state here and its uplink replaced by {@code uplink} (YAML, or "" for none). */
  Path demo(String uplink) throws Exception {
    Path file = DemoConfigs.demoIn(dir, DemoConfigs.closedPort(), "5s");
    String text = Files.readString(file);
    text = text.substring(0, text.indexOf("uplinks:")) + uplink + text.substring(text.indexOf("logging:"));
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    return file;
  }

  @Test
  void theDemoWithItsBrokerPassesEveryCheck() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectories(dir.resolve("broker")))) {
      Path config = demo("uplinks:\n  mqtt:\n    uris: [" + broker.uri() + "]\n");
      assertEquals(0, check(config), output());
      assertFalse(output().contains("FAIL"), output());
      assertTrue(output().contains("sensor   bed-1-soil"), output());
      assertTrue(output().contains(" publish ") && output().contains("acknowledged"), output());
      assertTrue(output().contains("RESULT: all required checks passed"), output());
    }
  }

  @Test
  void theCoapUplinkIsPingedOverDtlsAndAMissingPskFileIsAConfigError() throws Exception {
    Path id = Files.writeString(dir.resolve("coap-id"), "gw-demo-01\n");
    Path key = Files.writeString(dir.resolve("coap-psk"), "platform-key\n");
    Files.setPosixFilePermissions(id, PosixFilePermissions.fromString("rw-r-----"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
    try (TestCoapServer platform = TestCoapServer.dtls("gw-demo-01", "platform-key".getBytes(StandardCharsets.UTF_8))) {
      Path config = demo("uplinks:\n  coap:\n    uri: " + platform.uri() + "\n    psk-identity-file: coap-id\n"
          + "    psk-file: coap-psk\n");
      assertEquals(0, check(config), output());
      String line = output().lines().filter(l -> l.startsWith("uplink   coap ")).findFirst().orElseThrow();
      assertTrue(line.contains("OK") && line.contains("DTLS handshake"), line);
      out.reset();
      Files.delete(key);
      assertEquals(2, check(config), output() + err);
      String all = output() + err.toString(StandardCharsets.UTF_8);
      assertTrue(all.contains("psk-file") && all.contains("coap-psk"), all);
    }
  }

  @Test
  void aMissingSerialPortIsNamedWithAHint() throws Exception {
    Path config = demo("");
    String text = Files.readString(config).replace("sensors:\n", "buses:\n  - {id: rs485, type: serial, port: "
        + dir.resolve("ttyUSB9") + "}\nsensors:\n  - {id: probe, type: modbus, bus: rs485, slave: 1, "
        + "profile: truebner-smt100}\n");
    Files.writeString(config, text);
    assertEquals(1, check(config), output());
    String line = output().lines().filter(l -> l.startsWith("sensor   probe")).findFirst().orElseThrow();
    assertTrue(line.contains("FAIL") && line.contains("ttyUSB9"), line);
    assertTrue(output().contains("is the RS-485 adapter plugged in"), output());
  }

  @Test
  void anUnreachableBrokerFailsAtTheTcpStepWithAHint() throws Exception {
    int port = DemoConfigs.closedPort();
    Path config = demo("uplinks:\n  mqtt:\n    uris: [tcp://127.0.0.1:" + port + "]\n");
    assertEquals(1, check(config, "--json"));
    JsonNode doc = new ObjectMapper().readTree(output());
    JsonNode tcp = null;
    for (JsonNode i : doc.get("items")) {
      if (i.get("item").asText().startsWith("tcp ")) tcp = i;
    }
    assertEquals("FAIL", tcp.get("verdict").asText());
    assertTrue(tcp.get("hint").asText().contains("is the broker running"), tcp.toString());
    assertEquals(1, doc.get("failed").asInt());
  }

  @Test
  void aBrokerCertificateFromAnotherCaFailsAtTheTlsStep() throws Exception {
    TestCertificates.Pair cityCa = TestCertificates.ca(dir, "city-ca");
    TestCertificates.Pair otherCa = TestCertificates.ca(dir, "other-ca");
    TestCertificates.Pair server = TestCertificates.issue(dir, otherCa, "broker", "localhost");
    try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectories(dir.resolve("broker")),
        "certfile " + server.cert() + "\nkeyfile " + server.key() + "\n")) {
      Path config = demo("uplinks:\n  mqtt:\n    uris: [" + broker.uri("ssl", "localhost") + "]\n"
          + "    tls: {ca-file: " + cityCa.cert() + "}\n");
      assertEquals(1, check(config), output());
      String line = output().lines().filter(l -> l.startsWith("uplink   tls ")).findFirst().orElseThrow();
      assertTrue(line.contains("FAIL") && line.contains("handshake failed"), line);
      assertTrue(output().contains("must chain to the CA"), output());
    }
  }

  @Test
  void aPasswordFileReadableByEveryoneAndAWritableConfigAreWarnedAbout() throws Exception {
    Path password = dir.resolve("mqtt-password");
    Files.writeString(password, "s3cret-Passw0rd\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
    Path config = demo("uplinks:\n  mqtt:\n    uris: [tcp://127.0.0.1:" + DemoConfigs.closedPort() + "]\n"
        + "    username: gw\n    password-file: " + password + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-rw-rw-"));
    check(config);
    assertTrue(output().contains("secret file too open (rw-r--r--)"), output());
    assertTrue(output().contains("chmod 640 " + password), output());
    assertTrue(output().contains("file too open (rw-rw-rw-)"), output());
    assertFalse(output().contains("s3cret-Passw0rd"), "the secret itself never appears");
  }

  @Test
  void anInvalidConfigExitsWithTwoAndItsErrors() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "gateway: {id: gw, site: s}\nloop: {period: 1h}\n");
    assertEquals(2, check(bad));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad.yaml:2: loop.period: 1h is out of range"));
  }
}
