// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.coap;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * A Californium server playing the platform: {@code /gw/telemetry} and {@code /gw/events} record every POST (content
 * format and payload, reassembled if block-wise) and answer with the code the test sets (2.04 by default). Plain UDP
 * or DTLS with one PSK, on a fixed loopback port, so {@link #stop} and {@link #start} simulate an outage.
 */
public final class TestCoapServer implements AutoCloseable {
  /** A received POST. */
  public record Post(String resource, int contentFormat, byte[] payload) {}

  private final List<Post> posts = new ArrayList<>();
  private final int port;
  private final boolean secure;
  private final String identity;
  private final byte[] key;
  private CoapServer server;
  private volatile CoAP.ResponseCode answer = CoAP.ResponseCode.CHANGED;
  private volatile String diagnostic = "";

  private TestCoapServer(boolean secure, String identity, byte[] key) throws SocketException {
    this.secure = secure;
    this.identity = identity;
    this.key = key;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      this.port = s.getLocalPort();
    }
  }

  public static TestCoapServer plain() throws SocketException {
    TestCoapServer s = new TestCoapServer(false, null, null);
    s.start();
    return s;
  }

  public static TestCoapServer dtls(String identity, byte[] key) throws SocketException {
    TestCoapServer s = new TestCoapServer(true, identity, key);
    s.start();
    return s;
  }

  /** {@code coap://127.0.0.1:PORT/gw} or {@code coaps://...}. */
  public String uri() {
    return (secure ? "coaps" : "coap") + "://127.0.0.1:" + port + "/gw";
  }

  /** Answers every following POST with {@code code} and {@code text} as diagnostic payload. */
  public void answer(CoAP.ResponseCode code, String text) {
    this.answer = code;
    this.diagnostic = text;
  }

  public synchronized List<Post> posts() {
    return new ArrayList<>(posts);
  }

  public synchronized List<Post> posts(String resource) {
    return posts.stream().filter(p -> p.resource().equals(resource)).toList();
  }

  public synchronized void start() {
    if (server != null) return;
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
    Configuration config = Configuration.createStandardWithoutFile();
    config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
    config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
    config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
    server = new CoapServer(config);
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    CoapEndpoint.Builder b = new CoapEndpoint.Builder().setConfiguration(config);
    if (secure) {
      AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
      psk.setKey(identity, key);
      b.setConnector(new DTLSConnector(DtlsConnectorConfig.builder(config).setAddress(address)
          .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY).setAdvancedPskStore(psk).build()));
    } else {
      b.setInetSocketAddress(address);
    }
    server.addEndpoint(b.build());
    CoapResource gw = new CoapResource("gw");
    gw.add(new Recorder("telemetry"), new Recorder("events"));
    server.add(gw);
    server.start();
  }

  /** Stops answering (the port is closed) until {@link #start}. */
  public synchronized void stop() {
    if (server == null) return;
    server.destroy();
    server = null;
  }

  @Override
  public void close() {
    stop();
  }

  private final class Recorder extends CoapResource {
    Recorder(String name) {
      super(name);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
      CoAP.ResponseCode code = answer;
      if (code.isSuccess()) {
        synchronized (TestCoapServer.this) {
          posts.add(new Post(getName(), exchange.getRequestOptions().getContentFormat(),
              exchange.getRequestPayload()));
        }
      }
      exchange.respond(code, diagnostic);
    }
  }
}
