// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tinylog.Logger;

/**
 * One MQTT connection: a fresh Paho client (clean session, memory persistence) and the in-flight window of QoS 1
 * publishes on it. Connect, publish and close are called on the uplink's I/O thread only; Paho's callbacks are
 * handed straight to the {@link Listener}, which must not call back into Paho on that thread.
 */
final class PahoSession implements MqttCallback {
  /** What the session reports; called on Paho's threads. */
  interface Listener {
    void lost(PahoSession session, Throwable cause);

    void arrived(String topic, byte[] payload);

    void published(Outgoing message, Throwable failure);
  }

  private final MqttAsyncClient client;
  private final Semaphore window;
  private final Listener listener;
  /** Each unconfirmed publish with the System.nanoTime() it was handed to Paho. */
  private final Map<Outgoing, Long> inFlight = new ConcurrentHashMap<>();
  private volatile String serverUri;

  private PahoSession(MqttAsyncClient client, int window, Listener listener) {
    this.client = client;
    this.window = new Semaphore(window);
    this.listener = listener;
  }

  /** Connects, waiting at most {@code waitMillis}; on failure the client is closed and the failure thrown. */
  static PahoSession open(MqttConnectOptions options, String clientId, int window, Listener listener,
      long waitMillis) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(options.getServerURIs()[0], clientId, new MemoryPersistence());
    PahoSession session = new PahoSession(client, window, listener);
    client.setCallback(session);
    try {
      client.connect(options).waitForCompletion(waitMillis);
      session.serverUri = client.getCurrentServerURI();
      return session;
    } catch (MqttException | RuntimeException e) {
      session.close(e);
      throw e;
    }
  }

  /** The broker this session connected to. */
  String serverUri() {
    return serverUri;
  }

  /** A synchronous QoS 1 publish outside the window, for the status message. */
  void publishAndWait(String topic, byte[] payload, boolean retained, long waitMillis) throws MqttException {
    client.publish(topic, payload, 1, retained).waitForCompletion(waitMillis);
  }

  /** Subscribes at QoS 1; false if the broker refused (e.g. its ACL). */
  boolean subscribe(String filter, long waitMillis) throws MqttException {
    IMqttToken token = client.subscribe(filter, 1);
    token.waitForCompletion(waitMillis);
    int[] granted = token.getGrantedQos();
    return granted != null && granted.length == 1 && granted[0] != 0x80;
  }

  /** Takes a slot in the in-flight window if one is free; never blocks. */
  boolean tryAcquire() {
    return window.tryAcquire();
  }

  /** Publishes in a slot taken with {@link #tryAcquire}; the listener hears the PUBACK or the failure. */
  void publish(Outgoing message) {
    inFlight.put(message, System.nanoTime());
    try {
      client.publish(message.topic(), message.payload(), 1, message.retained(), message, new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          done(message, null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
          done(message, failure);
        }
      });
    } catch (MqttException | RuntimeException e) {
      done(message, e);
    }
  }

  /** How long the oldest unconfirmed publish has waited for its PUBACK, in nanoseconds; 0 if none waits. */
  long oldestWaitNanos(long nowNanos) {
    long oldest = 0;
    for (long sent : inFlight.values()) oldest = Math.max(oldest, nowNanos - sent);
    return oldest;
  }

  private void done(Outgoing message, Throwable failure) {
    if (inFlight.remove(message) == null) return;
    window.release();
    listener.published(message, failure);
  }

  /** Disconnects without waiting for the broker, closes the client, and fails what is still in flight. */
  void close(Throwable reason) {
    try {
      if (client.isConnected()) client.disconnectForcibly(0, 200, false);
    } catch (MqttException e) {
      Logger.debug("forced disconnect of {}: {}", client.getClientId(), e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      Logger.debug("close of {}: {}", client.getClientId(), e);
    }
    List<Outgoing> left = new ArrayList<>(inFlight.keySet());
    Throwable failure = reason != null ? reason : new IOException("MQTT connection closed");
    left.forEach(m -> done(m, failure));
  }

  /** Publishes a retained message and disconnects cleanly, both bounded; then {@link #close}. */
  void closeGracefully(String topic, byte[] lastWords, long waitMillis) {
    try {
      if (client.isConnected()) {
        publishAndWait(topic, lastWords, true, waitMillis);
        client.disconnect(waitMillis).waitForCompletion(waitMillis);
      }
    } catch (MqttException e) {
      Logger.debug("clean disconnect of {}: {}", client.getClientId(), e);
    }
    close(new IOException("uplink stopped"));
  }

  @Override
  public void connectionLost(Throwable cause) {
    listener.lost(this, cause);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    listener.arrived(topic, message.getPayload());
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {
    // Each publish has its own action listener.
  }
}
