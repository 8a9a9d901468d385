// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {
  static MqttSettings settings(List<URI> uris, int inflight, Duration min, Duration max, Path passwordFile) {
    return new MqttSettings(uris, "gw-1", "city/ka/gw-1", SenmlFormat.JSON, 4096, inflight, null, null, min, max,
        null, null, null, passwordFile == null ? null : "gw-1", passwordFile);
  }

  @Test
  void mqttSettingsFillDefaultsAndEndPrefixWithSlash() {
    MqttSettings s = settings(List.of(URI.create("tcp://broker:1883")), 16, null, null, null);

    assertEquals("city/ka/gw-1/", s.topicPrefix());
    assertEquals(Duration.ofSeconds(60), s.keepAlive());
    assertEquals(Duration.ofSeconds(1), s.reconnectMin());
    assertEquals(Duration.ofMinutes(5), s.reconnectMax());
  }

  @Test
  void mqttSettingsRejectWhatCannotWorkNamingTheValue() {
    IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
        () -> settings(List.of(URI.create("http://broker:80")), 16, null, null, null));
    assertTrue(scheme.getMessage().contains("http://broker:80"), scheme.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> settings(List.of(URI.create("tcp://a:1883"), URI.create("ssl://b:8883")), 16, null, null, null));
    IllegalArgumentException inflight = assertThrows(IllegalArgumentException.class,
        () -> settings(List.of(URI.create("tcp://a:1883")), 0, null, null, null));
    assertTrue(inflight.getMessage().contains("0"), inflight.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> settings(List.of(URI.create("tcp://a:1883")), 8, Duration.ofSeconds(10), Duration.ofSeconds(1), null));
    assertThrows(IllegalArgumentException.class, () -> new MqttSettings(List.of(URI.create("tcp://a:1883")), "gw",
        "p/", SenmlFormat.JSON, 4096, 8, null, null, null, null, null, null, null, null, Path.of("pw")));
  }
}
