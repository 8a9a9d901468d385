// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.edgegateway.status.CheckItem;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Tries each broker of the MQTT settings step by step, for the commissioning check: name resolution, TCP
 * connection, TLS handshake with certificate and host name checks, MQTT authentication, and a test publish (QoS 1
 * to {@code <prefix>check}). It connects with its own client id ({@code <client-id>-check}), so a running gateway
 * keeps its session. Stops at the first failed step of a broker, with a hint.
 */
public final class MqttProbe {
  private static final String S = "uplink";

  private MqttProbe() {}

  public static List<CheckItem> probe(MqttSettings settings, int timeoutMillis) {
    List<CheckItem> out = new ArrayList<>();
    for (URI uri : settings.uris()) {
      String b = uri.getHost() + ":" + uri.getPort();
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(uri.getHost());
        out.add(CheckItem.ok(S, "dns " + uri.getHost(), Arrays.stream(addresses).map(InetAddress::getHostAddress)
            .collect(Collectors.joining(", "))));
      } catch (UnknownHostException e) {
        out.add(CheckItem.fail(S, "dns " + uri.getHost(), "name not found",
            "check the host name in uplinks.mqtt.uris, the network and /etc/resolv.conf"));
        continue;
      }
      if (!tcp(out, b, addresses[0], uri.getPort(), timeoutMillis)) continue;
      if ("ssl".equals(uri.getScheme()) && !tls(out, settings, uri, timeoutMillis)) continue;
      mqtt(out, settings, uri, timeoutMillis);
    }
    return out;
  }

  private static boolean tcp(List<CheckItem> out, String b, InetAddress a, int port, int timeoutMillis) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(a, port), timeoutMillis);
      out.add(CheckItem.ok(S, "tcp " + b, "connected to " + a.getHostAddress() + ":" + port));
      return true;
    } catch (IOException e) {
      out.add(CheckItem.fail(S, "tcp " + b, e.getMessage(), "is the broker running and the port right? "
          + "a firewall or mobile APN may block it (try: nc -vz " + a.getHostAddress() + " " + port + ")"));
      return false;
    }
  }

  private static boolean tls(List<CheckItem> out, MqttSettings settings, URI uri, int timeoutMillis) {
    String item = "tls " + uri.getHost() + ":" + uri.getPort();
    try {
      SSLSocketFactory f = settings.caFile() == null && settings.clientCertFile() == null
          ? (SSLSocketFactory) SSLSocketFactory.getDefault()
          : PemTls.socketFactory(settings.caFile(), settings.clientCertFile(), settings.clientKeyFile());
      try (SSLSocket s = (SSLSocket) f.createSocket()) {
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        out.add(CheckItem.ok(S, item, s.getSession().getProtocol() + ", certificate valid for " + uri.getHost()));
        return true;
      }
    } catch (IOException | RuntimeException e) {
      out.add(CheckItem.fail(S, item, "handshake failed: " + rootMessage(e), "the broker's certificate must chain "
          + "to the CA in uplinks.mqtt.tls.ca-file, be valid now (is the clock right?) and name " + uri.getHost()));
      return false;
    }
  }

  private static void mqtt(List<CheckItem> out, MqttSettings settings, URI uri, int timeoutMillis) {
    String item = "mqtt " + uri.getHost() + ":" + uri.getPort();
    MqttSettings one = new MqttSettings(List.of(uri), settings.clientId(), settings.topicPrefix(),
        settings.format(), settings.packMaxBytes(), settings.inflight(), settings.keepAlive(),
        settings.connectTimeout(), settings.reconnectMin(), settings.reconnectMax(), settings.caFile(),
        settings.clientCertFile(), settings.clientKeyFile(), settings.username(), settings.passwordFile());
    MqttClient client = null;
    try {
      MqttConnectOptions o = PahoOptions.create(one, null, null);
      o.setConnectionTimeout(Math.max(1, timeoutMillis / 1000));
      client = new MqttClient(uri.toString(), settings.clientId() + "-check", new MemoryPersistence());
      client.setTimeToWait(timeoutMillis);
      client.connect(o);
      out.add(CheckItem.ok(S, item + " login", settings.username() == null ? "connected (anonymous)"
          : "logged in as " + settings.username()));
      client.publish(settings.topicPrefix() + "check", "edge-gateway check".getBytes(StandardCharsets.UTF_8), 1,
          false);
      out.add(CheckItem.ok(S, item + " publish", "test message to " + settings.topicPrefix() + "check acknowledged"));
    } catch (MqttException e) {
      boolean auth = e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
          || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
      out.add(CheckItem.fail(S, item + (auth ? " login" : " publish"), ConnectError.describe(uri.toString(), e),
          auth ? "check uplinks.mqtt.username and the password file with the platform team"
              : "the broker may refuse this client id or topic (ACL): ask the platform team"));
    } catch (IOException e) {
      out.add(CheckItem.fail(S, item + " login", e.getMessage(), "check the files named in uplinks.mqtt"));
    } finally {
      close(client);
    }
  }

  private static void close(MqttClient client) {
    if (client == null) return;
    try {
      if (client.isConnected()) client.disconnect(1000);
      client.close();
    } catch (MqttException e) {
      // The probe's result is already recorded; a failed disconnect changes nothing.
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
