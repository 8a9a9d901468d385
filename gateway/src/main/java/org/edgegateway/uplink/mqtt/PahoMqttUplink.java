// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.edgegateway.uplink.Backoff;
import org.edgegateway.uplink.Birth;
import org.edgegateway.uplink.CommandListener;
import org.edgegateway.uplink.Uplink;
import org.edgegateway.uplink.UplinkState;
import org.edgegateway.uplink.UplinkState.Phase;
import org.edgegateway.uplink.UplinkStatus;
import org.edgegateway.uplink.UplinkTopic;
import org.tinylog.Logger;

/**
 * The MQTT uplink on Eclipse Paho: QoS 1 under our own in-flight window, a retained birth message on
 * {@code status} after every connect and a retained {@code offline} last will, {@code cmd/#} subscribed after every
 * connect, and our own reconnect loop (exponential back-off with jitter, first connect included) over the
 * configured brokers. Every Paho call runs on one I/O thread of ours; acknowledgements complete on a second and
 * commands reach the listener on a third, never on Paho's threads.
 */
public final class PahoMqttUplink implements Uplink {
  private final MqttSettings settings;
  private final Supplier<Birth> birth;
  private final CommandListener commands;
  private final Clock clock;
  private final Backoff backoff;
  private final UplinkStatus status;
  private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong attempts = new AtomicLong();
  private final Object lifecycle = new Object();
  private final PahoSession.Listener sessionListener = new SessionListener();

  private volatile boolean running;
  /** Counts starts, so a connect attempt left over from before a stop cannot take over the next run. */
  private volatile int generation;
  private ScheduledExecutorService io;
  private ExecutorService completions;
  private ExecutorService downlink;
  private MqttConnectOptions options;
  private volatile Birth currentBirth;
  /** Confined to the I/O thread. */
  private volatile PahoSession session;
  private String loggedError;

  /**
   * {@code birth} is asked on every connect; {@code commands} hears {@code cmd/...} messages; {@code clock} gives
   * the times in the state and the birth message; {@code random} the back-off jitter.
   */
  public PahoMqttUplink(MqttSettings settings, Supplier<Birth> birth, CommandListener commands, Clock clock,
      RandomGenerator random) {
    this.settings = settings;
    this.birth = birth;
    this.commands = commands;
    this.clock = clock;
    this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), random);
    this.status = new UplinkStatus(clock);
  }

  @Override
  public void start() throws IOException {
    synchronized (lifecycle) {
      if (running) return;
      currentBirth = birth.get();
      options = PahoOptions.create(settings, statusTopic(), currentBirth.offlineJson());
      String id = settings.clientId();
      io = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "mqtt-io-" + id));
      completions = Executors.newSingleThreadExecutor(r -> thread(r, "mqtt-acks-" + id));
      downlink = Executors.newSingleThreadExecutor(r -> thread(r, "mqtt-downlink-" + id));
      loggedError = null;
      backoff.reset();
      int run = ++generation;
      running = true;
      status.phase(Phase.CONNECTING, null);
      io.execute(() -> connect(run));
      long check = Math.max(100, settings.keepAlive().toMillis() / 4);
      io.scheduleWithFixedDelay(this::checkAcks, check, check, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public CompletableFuture<Void> send(UplinkTopic topic, byte[] payload) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (status.phase() != Phase.ONLINE) {
      result.completeExceptionally(new IOException("MQTT uplink not online: " + status.phase()));
      return result;
    }
    queue.add(new Outgoing(settings.topicPrefix() + topic.suffix(), payload, topic.retained(), result));
    onIo(this::drain);
    return result;
  }

  @Override
  public boolean awaitOnline(Duration timeout) throws InterruptedException {
    return status.awaitOnline(timeout);
  }

  @Override
  public UplinkState state() {
    return status.snapshot(attempts.get());
  }

  @Override
  public Limits limits() {
    return new Limits(settings.format(), settings.packMaxBytes(), settings.inflight());
  }

  /** Publishes the retained {@code offline} status and disconnects, all bounded; then releases the threads. */
  @Override
  public void stop() {
    synchronized (lifecycle) {
      if (!running) return;
      running = false;
      Future<?> closed = io.submit(this::closeSession);
      try {
        closed.get(connectWaitMillis() + 2 * opWaitMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        Logger.warn("MQTT {}: clean stop failed: {}", settings.clientId(), e);
      }
      shutdown(io);
      failQueued(new IOException("uplink stopped"));
      shutdown(completions);
      shutdown(downlink);
      status.phase(Phase.STOPPED, null);
    }
  }

  private void connect(int run) {
    if (!current(run)) return;
    attempts.incrementAndGet();
    status.phase(Phase.CONNECTING, null);
    PahoSession s = null;
    try {
      s = PahoSession.open(options, settings.clientId(), settings.inflight(), sessionListener, connectWaitMillis());
      status.broker(s.serverUri());
      s.publishAndWait(statusTopic(), currentBirth().onlineJson(clock.millis()), true, opWaitMillis());
      if (!s.subscribe(settings.topicPrefix() + "cmd/#", opWaitMillis())) {
        Logger.warn("MQTT {}: broker refused the subscription to {}cmd/#", settings.clientId(),
            settings.topicPrefix());
      }
      if (!current(run)) {
        s.close(new IOException("uplink stopped"));
        return;
      }
      session = s;
      backoff.reset();
      loggedError = null;
      status.phase(Phase.ONLINE, null);
      Logger.info("MQTT {} online at {} (attempt {})", settings.clientId(), s.serverUri(), attempts.get());
      drain();
    } catch (MqttException | RuntimeException e) {
      if (s != null) s.close(e);
      failed(ConnectError.describe(s == null ? String.join(",", options.getServerURIs()) : s.serverUri(), e), run);
    }
  }

  private Birth currentBirth() {
    Birth b = birth.get();
    currentBirth = b;
    return b;
  }

  private boolean current(int run) {
    return running && run == generation;
  }

  private void failed(String error, int run) {
    if (!current(run)) return; // stop() sets the state and fails the queue.
    status.phase(Phase.OFFLINE, error);
    failQueued(new IOException(error));
    Duration delay = backoff.next();
    if (!error.equals(loggedError)) {
      Logger.warn("MQTT {}: {}; retrying with back-off", settings.clientId(), error);
      loggedError = error;
    } else {
      Logger.debug("MQTT {}: {}; next attempt in {} ms", settings.clientId(), error, delay.toMillis());
    }
    try {
      io.schedule(() -> connect(run), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // stop() is shutting the I/O thread down.
    }
  }

  private void lost(PahoSession s, Throwable cause) {
    if (s != session) return;
    session = null;
    String error = ConnectError.describe(s.serverUri(), cause);
    s.close(cause);
    failed(error, generation);
  }

  /**
   * Ends a connection on which a publish waited a whole keep-alive interval for its PUBACK: a half-open link
   * (the broker or a NAT gone without a reset). Paho's own keep-alive may take up to about three intervals to see
   * it while we keep publishing; this sees it within 1.25 intervals of the first unanswered publish. Runs on the
   * I/O thread.
   */
  private void checkAcks() {
    PahoSession s = session;
    if (s == null || s.oldestWaitNanos(System.nanoTime()) < settings.keepAlive().toNanos()) return;
    lost(s, new IOException("no PUBACK within the keep-alive interval of " + settings.keepAlive().toMillis()
        + " ms; connection presumed dead"));
  }

  /** Publishes queued messages while the window has room; runs on the I/O thread. */
  private void drain() {
    PahoSession s = session;
    if (s == null) {
      if (status.phase() != Phase.ONLINE) failQueued(new IOException("MQTT uplink not online"));
      return;
    }
    while (!queue.isEmpty() && s.tryAcquire()) {
      Outgoing next = queue.poll();
      status.sent();
      s.publish(next);
    }
  }

  private void closeSession() {
    PahoSession s = session;
    session = null;
    if (s != null) s.closeGracefully(statusTopic(), currentBirth.offlineJson(), opWaitMillis());
  }

  private void failQueued(Throwable failure) {
    for (Outgoing m = queue.poll(); m != null; m = queue.poll()) {
      complete(m, failure);
    }
  }

  private void complete(Outgoing m, Throwable failure) {
    Runnable done = failure == null ? () -> m.result().complete(null) : () -> m.result().completeExceptionally(
        failure instanceof IOException ? failure : new IOException(failure.toString(), failure));
    try {
      completions.execute(done);
    } catch (RejectedExecutionException stopped) {
      done.run();
    }
  }

  private void onIo(Runnable task) {
    try {
      io.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          Logger.error(e, "MQTT {}: unexpected failure on the I/O thread", settings.clientId());
        }
      });
    } catch (RejectedExecutionException stopped) {
      failQueued(new IOException("uplink stopped"));
    }
  }

  private String statusTopic() {
    return settings.topicPrefix() + "status";
  }

  private long connectWaitMillis() {
    return settings.connectTimeout().toMillis() * settings.uris().size() + 1000;
  }

  private long opWaitMillis() {
    return settings.connectTimeout().toMillis();
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void shutdown(ExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) executor.shutdownNow();
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Paho's callbacks, each handed to one of our threads at once. */
  private final class SessionListener implements PahoSession.Listener {
    @Override
    public void lost(PahoSession s, Throwable cause) {
      if (running) status.phase(Phase.OFFLINE, null);
      onIo(() -> PahoMqttUplink.this.lost(s, cause));
    }

    @Override
    public void arrived(String topic, byte[] payload) {
      String name = topic.substring(Math.min(topic.length(), (settings.topicPrefix() + "cmd/").length()));
      execute(downlink, () -> {
        try {
          commands.onCommand(name, payload);
        } catch (RuntimeException e) {
          Logger.warn(e, "MQTT {}: command listener failed on {}", settings.clientId(), topic);
        }
      });
    }

    @Override
    public void published(Outgoing message, Throwable failure) {
      if (failure == null) status.acked();
      else status.failed();
      complete(message, failure);
      if (failure == null && !queue.isEmpty()) onIo(PahoMqttUplink.this::drain);
    }

    private void execute(Executor executor, Runnable task) {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException stopped) {
        Logger.debug("MQTT {}: dropped a command while stopping", settings.clientId());
      }
    }
  }
}
