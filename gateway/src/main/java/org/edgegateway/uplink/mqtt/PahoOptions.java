// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/** Turns {@link MqttSettings} into Paho's connect options, reading the password and TLS files each time. */
final class PahoOptions {
  private PahoOptions() {}

  static MqttConnectOptions create(MqttSettings s, String willTopic, byte[] will) throws IOException {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setServerURIs(s.uris().stream().map(URI::toString).toArray(String[]::new));
    // Explicit, or Paho tries each URI with 3.1.1 and then 3.1.
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    // The outbox re-sends what was not acknowledged; a fresh session per connection keeps Paho stateless.
    o.setCleanSession(true);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(seconds(s.keepAlive()));
    o.setConnectionTimeout(seconds(s.connectTimeout()));
    // Above our own window, so Paho never throws 32202 (too many publishes in progress).
    o.setMaxInflight(s.inflight() + 2);
    if (willTopic != null) o.setWill(willTopic, will, 1, true);
    o.setHttpsHostnameVerificationEnabled(true);
    o.setSocketFactory(socketFactory(s));
    if (s.username() != null) o.setUserName(s.username());
    if (s.passwordFile() != null) o.setPassword(password(s));
    return o;
  }

  /**
   * Sockets with TCP_NODELAY (see {@link NoDelaySockets}); for {@code ssl://} checked against the configured CA and
   * carrying the client certificate, else the JVM's trust store. The URIs share one scheme ({@link MqttSettings}).
   */
  static SocketFactory socketFactory(MqttSettings s) throws IOException {
    if (!"ssl".equals(s.uris().get(0).getScheme())) return NoDelaySockets.plain();
    boolean own = s.caFile() != null || s.clientCertFile() != null;
    return NoDelaySockets.tls(own ? PemTls.socketFactory(s.caFile(), s.clientCertFile(), s.clientKeyFile())
        : (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  private static char[] password(MqttSettings s) throws IOException {
    String text;
    try {
      text = Files.readString(s.passwordFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot read MQTT password file " + s.passwordFile() + ": " + e.getMessage(), e);
    }
    if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
    if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
    if (text.isEmpty()) throw new IOException("MQTT password file is empty: " + s.passwordFile());
    return text.toCharArray();
  }

  private static int seconds(Duration d) {
    long s = (d.toMillis() + 999) / 1000;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, s));
  }
}
