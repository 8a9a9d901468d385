// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * The platform side of the fleet benchmark: one persistent-session QoS 1 subscriber to {@code fleet/+/telemetry}
 * that decodes every pack and marks each reading's value (the gateway's running count) as seen, counting
 * duplicates separately. The broker keeps its session and queued messages across restarts (persistence on), so
 * what the gateways publish before this client is back is still delivered. It reconnects every 20 ms on its own
 * thread; that is the benchmark's tool, not the gateway's behaviour.
 */
final class FleetSubscriber implements MqttCallback {
  private final MqttAsyncClient client;
  private final MqttConnectOptions options = new MqttConnectOptions();
  private final SenmlDecoder decoder = new SenmlDecoder(SenmlFormat.CBOR);
  private final BitSet[] seen;
  private final long[] duplicates;
  private final AtomicBoolean reconnecting = new AtomicBoolean();
  private long undecodable;
  private volatile boolean closed;

  FleetSubscriber(String uri, int gateways) throws MqttException {
    client = new MqttAsyncClient(uri, "fleet-platform", new MemoryPersistence());
    client.setCallback(this);
    options.setCleanSession(false);
    options.setAutomaticReconnect(false);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setKeepAliveInterval(30);
    seen = new BitSet[gateways];
    for (int i = 0; i < gateways; i++) seen[i] = new BitSet();
    duplicates = new long[gateways];
  }

  void connect() throws MqttException {
    client.connect(options).waitForCompletion(10_000);
    client.subscribe("fleet/+/telemetry", 1).waitForCompletion(10_000);
  }

  /** Distinct readings seen from this gateway. */
  synchronized long distinct(int gateway) {
    return seen[gateway].cardinality();
  }

  /** Readings with values below {@code produced} that never arrived. */
  synchronized long missing(int gateway, long produced) {
    return produced - seen[gateway].get(0, (int) produced).cardinality();
  }

  synchronized long duplicates(int gateway) {
    return duplicates[gateway];
  }

  synchronized long undecodable() {
    return undecodable;
  }

  void close() {
    closed = true;
    try {
      client.disconnect(2000).waitForCompletion(3000);
      client.close(true);
    } catch (MqttException e) {
      System.err.println("subscriber close: " + e);
    }
  }

  @Override
  public void connectionLost(Throwable cause) {
    if (closed || !reconnecting.compareAndSet(false, true)) return;
    Thread t = new Thread(this::reconnect, "fleet-subscriber-reconnect");
    t.setDaemon(true);
    t.start();
  }

  private void reconnect() {
    try {
      while (!closed) {
        try {
          connect();
          return;
        } catch (MqttException e) {
          Thread.sleep(20);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      reconnecting.set(false);
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    int gateway = Integer.parseInt(topic.substring("fleet/gw-".length(), topic.indexOf('/', "fleet/gw-".length())));
    try {
      var pack = decoder.decode(message.getPayload());
      synchronized (this) {
        for (Reading r : pack.items()) {
          int value = (int) r.value();
          if (seen[gateway].get(value)) duplicates[gateway]++;
          else seen[gateway].set(value);
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        undecodable++;
      }
    }
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {
    // Never publishes.
  }
}
