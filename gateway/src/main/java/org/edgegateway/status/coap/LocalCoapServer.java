// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.DtlsHealth;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.edgegateway.data.Reading;
import org.tinylog.Logger;

/**
 * The gateway's local CoAP server for technicians and local clients: {@code /.well-known/core}, {@code /status}
 * (observable JSON), {@code /readings/<channel>} (observable SenML JSON of the newest reading, notified when it
 * changes), {@code /zones} (JSON) and {@code POST /zones/<id>/test} (DTLS with the technician's PSK only). Plain
 * CoAP and DTLS endpoints as configured. Threads: Californium's protocol stage and UDP/DTLS receiver and sender
 * (one each), plus one of ours that polls for changes every 500 ms; about eight in all with both endpoints.
 */
public final class LocalCoapServer implements AutoCloseable {
  static final int SENML_JSON = 110;
  static final int JSON = 50;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long POLL_MILLIS = 500;

  private final LocalServerSettings settings;
  private final ServedState state;
  private final List<ObservedResource> readings = new ArrayList<>();
  private final List<ObservedResource> slow = new ArrayList<>();
  private final AtomicLong failedHandshakes = new AtomicLong();
  private final AtomicLong droppedRecords = new AtomicLong();
  private CoapServer server;
  private ScheduledExecutorService poller;
  private CoapEndpoint plainEndpoint;
  private CoapEndpoint dtlsEndpoint;

  public LocalCoapServer(LocalServerSettings settings, ServedState state) {
    this.settings = settings;
    this.state = state;
  }

  /** Reads the PSK files, binds the endpoints and starts serving; throws if a port is taken or a file unreadable. */
  public synchronized void start() throws IOException {
    if (server != null) return;
    Configuration config = configuration();
    CoapServer s = new CoapServer(config);
    String technician = null;
    if (settings.plain()) {
      plainEndpoint = new CoapEndpoint.Builder().setConfiguration(config)
          .setInetSocketAddress(new InetSocketAddress(settings.address(), settings.port())).build();
      s.addEndpoint(plainEndpoint);
    }
    if (settings.dtls()) {
      technician = new String(secret(settings.pskIdentityFile()), StandardCharsets.UTF_8);
      AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
      psk.setKey(technician, secret(settings.pskFile()));
      DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
          .setAddress(new InetSocketAddress(settings.address(), settings.dtlsPort()))
          .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
          .setAdvancedPskStore(psk).setSessionListener(new HandshakeFailures()).setHealthHandler(new DroppedRecords())
          .build();
      dtlsEndpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls))
          .build();
      s.addEndpoint(dtlsEndpoint);
    }
    addResources(s, technician);
    try {
      s.start();
      // Californium starts what it can and only logs an endpoint that failed to bind.
      boolean plainDown = plainEndpoint != null && !plainEndpoint.isStarted();
      if (plainDown || (dtlsEndpoint != null && !dtlsEndpoint.isStarted())) {
        throw new IllegalStateException("an endpoint did not start (port in use?)");
      }
    } catch (IllegalStateException e) {
      s.destroy();
      plainEndpoint = null;
      dtlsEndpoint = null;
      throw new IOException("local CoAP server cannot bind " + settings.address() + " ports " + settings.port()
          + "/" + settings.dtlsPort() + ": " + e.getMessage(), e);
    }
    server = s;
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "coap-server-poll");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(() -> poll(readings), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    long every = settings.statusEvery().toMillis();
    poller.scheduleWithFixedDelay(() -> poll(slow), every, every, TimeUnit.MILLISECONDS);
    Logger.info("local CoAP server on {}{}", settings.plain() ? "coap port " + plainPort() + " " : "",
        settings.dtls() ? "coaps port " + dtlsPort() : "(no DTLS: zone tests disabled)");
  }

  /** The bound plain CoAP port, or -1 without one. */
  public synchronized int plainPort() {
    return plainEndpoint == null ? -1 : plainEndpoint.getAddress().getPort();
  }

  /** The bound DTLS port, or -1 without one. */
  public synchronized int dtlsPort() {
    return dtlsEndpoint == null ? -1 : dtlsEndpoint.getAddress().getPort();
  }

  /** Observers of every resource, for tests. */
  synchronized int observers() {
    int n = 0;
    for (ObservedResource r : readings) n += r.getObserverCount();
    for (ObservedResource r : slow) n += r.getObserverCount();
    return n;
  }

  /** Stops serving and releases the ports and threads; idempotent. */
  @Override
  public synchronized void close() {
    if (server == null) return;
    poller.shutdownNow();
    server.destroy();
    server = null;
    plainEndpoint = null;
    dtlsEndpoint = null;
  }

  private void addResources(CoapServer s, String technician) {
    ObservedResource status = new ObservedResource("status", JSON, true, () -> json(state.status()));
    status.getAttributes().setTitle("gateway status");
    ObservedResource zones = new ObservedResource("zones", JSON, true, () -> json(state.zones()));
    zones.getAttributes().setTitle("zones");
    slow.add(status);
    slow.add(zones);
    for (Map<String, Object> z : state.zones()) {
      String id = String.valueOf(z.get("id"));
      CoapResource zone = new CoapResource(id);
      zone.add(new ZoneTestResource(id, technician, state));
      zones.add(zone);
    }
    CoapResource readingsRoot = new CoapResource("readings");
    for (String channel : state.channels()) {
      ObservedResource r = new ObservedResource(channel, SENML_JSON, true, () -> senml(state.latest(channel)));
      readings.add(r);
      readingsRoot.add(r);
    }
    s.add(status, zones, readingsRoot);
  }

  private static void poll(List<ObservedResource> resources) {
    for (ObservedResource r : resources) {
      try {
        r.poll();
      } catch (RuntimeException e) {
        Logger.warn(e, "local CoAP server: polling {} failed", r.getURI());
      }
    }
  }

  /** The reading as a one-record SenML pack: {@code [{"bn":..,"n":..,"u":..,"v":..,"t":..}]}; null if none. */
  private byte[] senml(Reading r) {
    if (r == null) return null;
    ArrayNode pack = MAPPER.createArrayNode();
    ObjectNode rec = pack.addObject();
    rec.put("bn", settings.baseName());
    rec.put("n", r.channel());
    if (!r.unit().isEmpty()) rec.put("u", r.unit());
    if (Double.isFinite(r.value())) rec.put("v", r.value());
    rec.put("t", BigDecimal.valueOf(r.timeMillis(), 3));
    if (!r.isOk()) rec.put("q", r.quality().wireName());
    return json(pack);
  }

  private static byte[] json(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("local CoAP server: JSON", e);
    }
  }

  private static Configuration configuration() {
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
    Configuration c = Configuration.createStandardWithoutFile();
    c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
    c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
    c.set(CoapConfig.MAX_ACTIVE_PEERS, 100);
    return c;
  }

  /** Failed DTLS handshakes and dropped DTLS records so far (a wrong PSK identity or key, a peer that gave up). */
  public long failedHandshakes() {
    return failedHandshakes.get() + droppedRecords.get();
  }

  /** Logs failed handshakes, the first ten and then at powers of two, naming the peer; never the key. */
  private final class HandshakeFailures extends SessionAdapter {
    @Override
    public void handshakeFailed(Handshaker h, Throwable error) {
      long n = failedHandshakes.incrementAndGet();
      if (n <= 10 || Long.bitCount(n) == 1) {
        Logger.warn("local CoAP server: DTLS handshake with {} failed ({}); a wrong PSK identity or key? ({} failed "
            + "so far)", h.getPeerAddress(), error.getMessage(), n);
      }
    }
  }

  /**
   * Counts DTLS records dropped by the connector: a peer with the right identity but a wrong key gets this far
   * (its encrypted Finished fails the MAC and is dropped), not to a failed handshake. Logged like failures.
   */
  private final class DroppedRecords implements DtlsHealth {
    @Override
    public void receivingRecord(boolean dropped) {
      if (!dropped) return;
      long n = droppedRecords.incrementAndGet();
      if (n <= 10 || Long.bitCount(n) == 1) {
        Logger.warn("local CoAP server: DTLS record dropped (undecryptable: a wrong PSK key?); {} dropped so far", n);
      }
    }

    @Override
    public void dump(String tag, int maxConnections, int remainingCapacity, int pendingWithoutVerify) {
      // Nothing to report: the counts above are the gateway's.
    }

    @Override
    public boolean isEnabled() {
      return true;
    }

    @Override
    public void startHandshake() {
      // Only failures matter here.
    }

    @Override
    public void endHandshake(boolean success) {
      // Failures are logged by HandshakeFailures, with the peer.
    }

    @Override
    public void sendingRecord(boolean dropped) {
      // Nothing to count on the way out.
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
