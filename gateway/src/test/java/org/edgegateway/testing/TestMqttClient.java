// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A plain Paho client playing the platform in tests: subscribes (QoS 1), records every message in arrival order,
 * and publishes. With {@code cleanSession=false} and a broker with persistence, it receives what was published
 * while it was away after {@link #reconnect}.
 */
public final class TestMqttClient implements AutoCloseable {
  private final MqttClient client;
  private final MqttConnectOptions options = new MqttConnectOptions();
  private final String[] filters;
  private final List<Message> messages = new ArrayList<>();

  /** A received message. */
  public record Message(String topic, byte[] payload, boolean retained) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private TestMqttClient(String uri, String clientId, boolean cleanSession, String... filters) throws MqttException {
    this.client = new MqttClient(uri, clientId, new MemoryPersistence());
    this.filters = filters.clone();
    options.setCleanSession(cleanSession);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(1000);
    options.setConnectionTimeout(5);
    client.setTimeToWait(10_000);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        // Tests reconnect explicitly.
      }

      @Override
      public void messageArrived(String topic, MqttMessage m) {
        synchronized (messages) {
          messages.add(new Message(topic, m.getPayload(), m.isRetained()));
        }
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
        // Nothing to do.
      }
    });
  }

  public static TestMqttClient connect(String uri, String clientId, boolean cleanSession, String... filters)
      throws MqttException {
    TestMqttClient c = new TestMqttClient(uri, clientId, cleanSession, filters);
    c.connectAndSubscribe();
    return c;
  }

  private void connectAndSubscribe() throws MqttException {
    client.connect(options);
    for (String filter : filters) {
      client.subscribe(filter, 1);
    }
  }

  /** Connects again (after a broker restart), retrying until {@code timeout}. */
  public void reconnect(Duration timeout) throws MqttException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (client.isConnected()) client.disconnectForcibly(100, 100);
        connectAndSubscribe();
        return;
      } catch (MqttException e) {
        if (System.nanoTime() - deadline > 0) throw e;
        LockSupport.parkNanos(50_000_000);
      }
    }
  }

  public void publish(String topic, byte[] payload, boolean retained) throws MqttException {
    client.publish(topic, payload, 1, retained);
  }

  /** Every message so far, in arrival order. */
  public List<Message> messages() {
    synchronized (messages) {
      return new ArrayList<>(messages);
    }
  }

  public List<Message> messages(Predicate<Message> filter) {
    return messages().stream().filter(filter).toList();
  }

  public List<Message> on(String topic) {
    return messages(m -> m.topic().equals(topic));
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) client.disconnectForcibly(100, 100);
    client.close(true);
  }
}
