// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.coap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.edgegateway.uplink.Backoff;
import org.edgegateway.uplink.Uplink;
import org.edgegateway.uplink.UplinkState;
import org.edgegateway.uplink.UplinkState.Phase;
import org.edgegateway.uplink.UplinkStatus;
import org.edgegateway.uplink.UplinkTopic;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.tinylog.Logger;

/**
 * The CoAP uplink on Eclipse Californium (Scandium for {@code coaps://} with a PSK): every message is a confirmable
 * POST, telemetry as SenML ({@code application/senml+json} 110 or {@code +cbor} 112) to {@code <uri>/telemetry},
 * events as JSON (50) or CBOR (60) to {@code <uri>/events}, block-wise above 1024 bytes. A 2.xx answer confirms the
 * message; a 4.xx means the platform will never take it: it goes to {@link Refusals} and then counts as done; no
 * answer, a failed handshake or a 5.xx fail it, and the uplink goes offline and probes the server (an empty
 * confirmable "ping") with exponential back-off and jitter until it answers. Command acknowledgements are not
 * carried. Completions and probes run on one thread of ours ({@code coap-io}), never on Californium's.
 */
public final class CoapUplink implements Uplink {
  static final int SENML_JSON = 110;
  static final int SENML_CBOR = 112;
  static final int JSON = 50;
  static final int CBOR = 60;

  private final CoapSettings settings;
  private final Refusals refusals;
  private final Backoff backoff;
  private final UplinkStatus status;
  private final AtomicLong attempts = new AtomicLong();
  private final Object lifecycle = new Object();
  /** Fails each outstanding message at stop (Californium's destroy does not always tell their observers). */
  private final Set<Runnable> outstanding = ConcurrentHashMap.newKeySet();

  private volatile boolean running;
  private volatile int generation;
  private volatile ScheduledExecutorService io;
  private volatile CoapEndpoint endpoint;
  private String pskIdentity;
  private byte[] psk;
  private String loggedError;

  /** {@code refusals} keeps what the platform refused; {@code random} gives the back-off jitter. */
  public CoapUplink(CoapSettings settings, Refusals refusals, Clock clock, RandomGenerator random) {
    this.settings = settings;
    this.refusals = refusals;
    this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), random);
    this.status = new UplinkStatus(clock);
    status.broker(settings.uri().toString());
  }

  /** Reads the PSK files (for {@code coaps://}), opens the local endpoint and starts probing the server. */
  @Override
  public void start() throws IOException {
    synchronized (lifecycle) {
      if (running) return;
      String identity = null;
      byte[] key = null;
      if (settings.secure()) {
        identity = new String(secret(settings.pskIdentityFile()), StandardCharsets.UTF_8);
        key = secret(settings.pskFile());
      }
      CoapEndpoint e = CoapEndpoints.client(CoapEndpoints.configuration(settings), identity, key);
      e.start();
      pskIdentity = identity;
      psk = key;
      ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "coap-io");
        t.setDaemon(true);
        return t;
      });
      ex.setRemoveOnCancelPolicy(true);
      ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      io = ex;
      endpoint = e;
      loggedError = null;
      backoff.reset();
      int run = ++generation;
      running = true;
      status.phase(Phase.CONNECTING, null);
      onIo(() -> probe(run));
    }
  }

  @Override
  public CompletableFuture<Void> send(UplinkTopic topic, byte[] payload) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (topic == UplinkTopic.CMD_ACK) {
      result.completeExceptionally(new IOException("command acknowledgements are not carried over CoAP"));
      return result;
    }
    CoapEndpoint e = endpoint;
    if (status.phase() != Phase.ONLINE || e == null) {
      result.completeExceptionally(new IOException("CoAP uplink not online: " + status.phase()));
      return result;
    }
    int format = contentFormat(topic);
    Request post = Request.newPost();
    post.setURI(settings.resource(topic.suffix()));
    post.getOptions().setContentFormat(format);
    post.setPayload(payload);
    int run = generation;
    AtomicBoolean done = new AtomicBoolean();
    Runnable atStop = () -> {
      if (done.compareAndSet(false, true)) {
        post.cancel();
        result.completeExceptionally(new IOException("uplink stopped"));
      }
    };
    outstanding.add(atStop);
    result.whenComplete((ok, failure) -> outstanding.remove(atStop));
    post.addMessageObserver(new MessageObserverAdapter() {
      @Override
      public void onResponse(Response response) {
        if (done.compareAndSet(false, true)) onIo(() -> answered(run, topic, format, payload, response, result));
      }

      @Override
      protected void failed() {
        if (done.compareAndSet(false, true)) onIo(() -> unanswered(run, post, result));
      }
    });
    status.sent();
    e.sendRequest(post);
    // Our own bound as well: a block-wise transfer whose block times out does not always tell the request.
    int blocks = Math.max(1, (payload.length + 1023) / 1024);
    schedule(() -> {
      if (done.compareAndSet(false, true)) {
        post.cancel();
        unanswered(run, post, result);
      }
    }, settings.exchangeTimeout().multipliedBy(blocks));
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

  /** Cancels what is outstanding (those messages fail) and releases the endpoint and threads; idempotent. */
  @Override
  public void stop() {
    synchronized (lifecycle) {
      if (!running) return;
      running = false;
      generation++;
      CoapEndpoint e = endpoint;
      endpoint = null;
      e.destroy();
      for (Runnable fail : List.copyOf(outstanding)) fail.run();
      ScheduledExecutorService ex = io;
      ex.shutdown();
      try {
        if (!ex.awaitTermination(2, TimeUnit.SECONDS)) ex.shutdownNow();
      } catch (InterruptedException interrupted) {
        ex.shutdownNow();
        Thread.currentThread().interrupt();
      }
      status.phase(Phase.STOPPED, null);
    }
  }

  private void answered(int run, UplinkTopic topic, int format, byte[] payload, Response response,
      CompletableFuture<Void> result) {
    CoAP.ResponseCode code = response.getCode();
    if (code.isSuccess()) {
      status.acked();
      backoff.reset();
      result.complete(null);
    } else if (code.isClientError()) {
      String reason = describe(response);
      try {
        refusals.refused(topic, format, payload, reason);
        status.acked();
        Logger.warn("CoAP {}: platform refused a {} message for good ({}); dead-lettered", settings.uri(),
            topic.suffix(), reason);
        result.complete(null);
      } catch (IOException | RuntimeException ex) {
        status.failed();
        result.completeExceptionally(new IOException("cannot dead-letter a refused message: " + ex.getMessage(), ex));
      }
    } else {
      status.failed();
      String error = "platform answered " + describe(response);
      offline(run, error); // The state first, so whoever sees the failure sees why.
      result.completeExceptionally(new IOException(error));
    }
  }

  private void unanswered(int run, Request request, CompletableFuture<Void> result) {
    status.failed();
    String error = noAnswer(request);
    offline(run, error);
    result.completeExceptionally(new IOException(error));
  }

  /** Sends an empty confirmable message; the server's reset (or any answer) means it is reachable. */
  private void probe(int run) {
    if (!current(run)) return;
    if (settings.secure() && status.phase() == Phase.OFFLINE && !freshEndpoint(run)) return;
    attempts.incrementAndGet();
    status.phase(Phase.CONNECTING, null);
    Request ping = new Request(null, CoAP.Type.CON);
    ping.setToken(Token.EMPTY);
    ping.setURI(settings.uri());
    AtomicBoolean done = new AtomicBoolean();
    ping.addMessageObserver(new MessageObserverAdapter() {
      @Override
      public void onReject() {
        if (done.compareAndSet(false, true)) onIo(() -> probed(run, null));
      }

      @Override
      public void onResponse(Response response) {
        onReject();
      }

      @Override
      protected void failed() {
        if (done.compareAndSet(false, true)) onIo(() -> probed(run, noAnswer(ping)));
      }
    });
    endpoint.sendRequest(ping);
    schedule(() -> {
      if (done.compareAndSet(false, true)) {
        ping.cancel();
        probed(run, noAnswer(ping));
      }
    }, settings.exchangeTimeout());
  }

  /**
   * A server that restarted has forgotten our DTLS session and silently drops its records: after a failure, a new
   * endpoint (new port, so a new handshake) replaces the old one. False, and offline again, if it cannot be opened.
   */
  private boolean freshEndpoint(int run) {
    CoapEndpoint fresh = CoapEndpoints.client(CoapEndpoints.configuration(settings), pskIdentity, psk);
    try {
      fresh.start();
    } catch (IOException e) {
      fresh.destroy();
      down(run, "cannot open a local DTLS endpoint: " + e.getMessage());
      return false;
    }
    CoapEndpoint old;
    synchronized (lifecycle) {
      if (!current(run)) {
        fresh.destroy();
        return false;
      }
      old = endpoint;
      endpoint = fresh;
    }
    old.destroy();
    return true;
  }

  private void probed(int run, String error) {
    if (!current(run)) return;
    if (error != null) {
      down(run, error);
      return;
    }
    if (loggedError != null || status.phase() != Phase.ONLINE) {
      Logger.info("CoAP uplink to {} online (attempt {})", settings.uri(), attempts.get());
    }
    loggedError = null;
    status.phase(Phase.ONLINE, null);
  }

  /**
   * After a failed message: goes offline and starts probing, once per episode. A late failure while a probe is
   * already under way changes nothing, so there is only ever one probe chain.
   */
  private void offline(int run, String error) {
    if (status.phase() == Phase.ONLINE) down(run, error);
  }

  /** Offline with {@code error}; schedules the next probe after the back-off. I/O thread only. */
  private void down(int run, String error) {
    if (!current(run)) return;
    status.phase(Phase.OFFLINE, error);
    Duration delay = backoff.next();
    if (!error.equals(loggedError)) {
      Logger.warn("CoAP {}: {}; retrying with back-off", settings.uri(), error);
      loggedError = error;
    } else {
      Logger.debug("CoAP {}: {}; next attempt in {} ms", settings.uri(), error, delay.toMillis());
    }
    schedule(() -> probe(run), delay);
  }

  private String noAnswer(Request request) {
    Throwable sendError = request.getSendError();
    if (settings.secure()) {
      String why = sendError == null ? "" : " (" + sendError.getMessage() + ")";
      return "no DTLS session with " + settings.uri().getHost() + ":" + port() + " within " + seconds() + why
          + ": wrong PSK identity or key, or server down";
    }
    if (sendError != null) return "cannot send to " + settings.uri() + ": " + sendError.getMessage();
    return "no answer from " + settings.uri() + " within " + seconds();
  }

  private String seconds() {
    return String.format(Locale.ROOT, "%.1f s", settings.exchangeTimeout().toMillis() / 1000.0);
  }

  private int port() {
    int p = settings.uri().getPort();
    return p > 0 ? p : settings.secure() ? 5684 : 5683;
  }

  private int contentFormat(UplinkTopic topic) {
    boolean cbor = settings.format() == SenmlFormat.CBOR;
    if (topic == UplinkTopic.TELEMETRY) return cbor ? SENML_CBOR : SENML_JSON;
    return cbor ? CBOR : JSON;
  }

  /** {@code 4.00 BAD_REQUEST: <diagnostic>}, the diagnostic cut to 200 characters. */
  static String describe(Response response) {
    CoAP.ResponseCode code = response.getCode();
    StringBuilder sb = new StringBuilder().append(code.codeClass).append('.')
        .append(String.format("%02d", code.codeDetail)).append(' ').append(code.name());
    String text = response.getPayloadString();
    if (text != null && !text.isBlank()) {
      sb.append(": ").append(text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }
    return sb.toString();
  }

  private boolean current(int run) {
    return running && run == generation;
  }

  private void onIo(Runnable task) {
    ScheduledExecutorService ex = io;
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        Logger.error(e, "CoAP {}: unexpected failure on the I/O thread", settings.uri());
      }
    };
    try {
      ex.execute(guarded);
    } catch (RejectedExecutionException stopped) {
      guarded.run(); // Stopping: complete on the caller's thread so nothing waits forever.
    }
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      io.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      // stop() is shutting the I/O thread down.
    }
  }

  private static byte[] secret(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int n = bytes.length;
    while (n > 0 && (bytes[n - 1] == '\n' || bytes[n - 1] == '\r')) n--;
    if (n == 0) throw new IOException("empty secret file: " + file);
    return Arrays.copyOf(bytes, n);
  }
}
