// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * How to reach the MQTT broker; the gateway's YAML {@code uplink.mqtt} section maps onto it. {@code uris} are
 * {@code tcp://} or {@code ssl://} brokers tried in order (fail-over); {@code topicPrefix} gets a trailing
 * {@code /} if missing. Optional fields are null when unused; null durations take the defaults (keep-alive 60 s,
 * connect timeout 10 s, reconnect 1 s → 5 min). {@code caFile} is a PEM bundle of trusted CAs (without it an
 * {@code ssl://} broker is checked against the JVM's trust store); client certificate and key are PEM (key in
 * PKCS #8); the password file holds the password, a trailing newline is ignored.
 */
public record MqttSettings(
    List<URI> uris,
    String clientId,
    String topicPrefix,
    SenmlFormat format,
    int packMaxBytes,
    int inflight,
    Duration keepAlive,
    Duration connectTimeout,
    Duration reconnectMin,
    Duration reconnectMax,
    Path caFile,
    Path clientCertFile,
    Path clientKeyFile,
    String username,
    Path passwordFile) {

  public MqttSettings {
    if (uris == null || uris.isEmpty()) throw new IllegalArgumentException("no broker uris");
    uris = List.copyOf(uris);
    for (URI uri : uris) {
      String scheme = uri.getScheme();
      if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) throw new IllegalArgumentException("uri scheme: " + uri);
      if (uri.getHost() == null || uri.getPort() < 0) throw new IllegalArgumentException("uri host:port: " + uri);
    }
    if (uris.stream().map(URI::getScheme).distinct().count() > 1) {
      throw new IllegalArgumentException("uris mix tcp:// and ssl://: " + uris);
    }
    if (clientId == null || clientId.isEmpty()) throw new IllegalArgumentException("clientId empty");
    if (topicPrefix == null) throw new IllegalArgumentException("topicPrefix null");
    if (!topicPrefix.isEmpty() && !topicPrefix.endsWith("/")) topicPrefix = topicPrefix + "/";
    if (topicPrefix.contains("#") || topicPrefix.contains("+")) {
      throw new IllegalArgumentException("topicPrefix has a wildcard: " + topicPrefix);
    }
    if (format == null) throw new IllegalArgumentException("format null");
    if (packMaxBytes < 128) throw new IllegalArgumentException("packMaxBytes below 128: " + packMaxBytes);
    if (inflight < 1 || inflight > 1000) throw new IllegalArgumentException("inflight out of 1..1000: " + inflight);
    keepAlive = positive("keepAlive", keepAlive, Duration.ofSeconds(60));
    connectTimeout = positive("connectTimeout", connectTimeout, Duration.ofSeconds(10));
    reconnectMin = positive("reconnectMin", reconnectMin, Duration.ofSeconds(1));
    reconnectMax = positive("reconnectMax", reconnectMax, Duration.ofMinutes(5));
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new IllegalArgumentException("reconnectMax " + reconnectMax + " below reconnectMin " + reconnectMin);
    }
    if ((clientCertFile == null) != (clientKeyFile == null)) {
      throw new IllegalArgumentException("clientCertFile and clientKeyFile go together");
    }
    if (passwordFile != null && (username == null || username.isEmpty())) {
      throw new IllegalArgumentException("passwordFile without username");
    }
  }

  /** Plain settings with defaults: one broker, no TLS, no credentials. */
  public static MqttSettings of(URI uri, String clientId, String topicPrefix, SenmlFormat format) {
    return new MqttSettings(List.of(uri), clientId, topicPrefix, format, 4096, 16, null, null, null, null, null,
        null, null, null, null);
  }

  private static Duration positive(String name, Duration value, Duration fallback) {
    if (value == null) return fallback;
    if (value.isNegative() || value.isZero()) throw new IllegalArgumentException(name + " not positive: " + value);
    return value;
  }
}
