// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.edgegateway.uplink.UplinkState.Phase;
import org.edgegateway.uplink.senml.SenmlFormat;

/** An uplink that records what it is given; confirms at once or leaves confirming to the test; can go offline. */
final class FakeUplink implements Uplink {
  record Sent(UplinkTopic topic, byte[] payload, CompletableFuture<Void> result) {}

  private final Limits limits;
  private final List<Sent> sent = new ArrayList<>();
  private boolean online = true;
  private boolean autoConfirm;

  FakeUplink(int maxBytes, int maxInFlight, boolean autoConfirm) {
    this.limits = new Limits(SenmlFormat.JSON, maxBytes, maxInFlight);
    this.autoConfirm = autoConfirm;
  }

  @Override
  public void start() {}

  @Override
  public CompletableFuture<Void> send(UplinkTopic topic, byte[] payload) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    boolean confirm;
    synchronized (this) {
      if (!online) {
        result.completeExceptionally(new IOException("offline (test)"));
        return result;
      }
      sent.add(new Sent(topic, payload, result));
      confirm = autoConfirm;
    }
    if (confirm) result.complete(null);
    return result;
  }

  /** Goes offline and fails every unconfirmed message, as a lost connection does. */
  void goOffline() {
    List<Sent> pending;
    synchronized (this) {
      online = false;
      pending = new ArrayList<>(sent);
    }
    pending.forEach(s -> s.result().completeExceptionally(new IOException("connection lost (test)")));
  }

  synchronized void goOnline(boolean autoConfirm) {
    this.autoConfirm = autoConfirm;
    online = true;
    notifyAll();
  }

  synchronized List<Sent> sent() {
    return new ArrayList<>(sent);
  }

  synchronized long unconfirmed() {
    return sent.stream().filter(s -> !s.result().isDone()).count();
  }

  @Override
  public synchronized boolean awaitOnline(Duration timeout) throws InterruptedException {
    if (!online) TimeUnit.MILLISECONDS.timedWait(this, timeout.toMillis());
    return online;
  }

  @Override
  public synchronized UplinkState state() {
    return new UplinkState(online ? Phase.ONLINE : Phase.OFFLINE, "fake", null, 0, 1, sent.size(), 0, 0, 0);
  }

  @Override
  public Limits limits() {
    return limits;
  }

  @Override
  public void stop() {}
}
