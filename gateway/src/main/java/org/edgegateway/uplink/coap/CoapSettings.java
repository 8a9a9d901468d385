// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.coap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * How to reach the platform over CoAP; the gateway's YAML {@code uplinks.coap} section maps onto it. {@code uri} is
 * the base ({@code coap://host:port/path} or {@code coaps://...}): telemetry is POSTed to {@code <uri>/telemetry},
 * events to {@code <uri>/events}. {@code ackTimeout} and {@code maxRetransmit} are CoAP's confirmable
 * retransmission parameters (RFC 7252 §4.8); one request is given up after about
 * {@code ackTimeout · 1.5 · (2^(maxRetransmit+1) − 1)}. {@code coaps://} needs the PSK identity and key files (the
 * key's bytes are the file's text, a trailing newline ignored).
 */
public record CoapSettings(
    URI uri,
    SenmlFormat format,
    int packMaxBytes,
    int inflight,
    Duration ackTimeout,
    int maxRetransmit,
    Duration reconnectMin,
    Duration reconnectMax,
    Path pskIdentityFile,
    Path pskFile) {

  public CoapSettings {
    if (uri == null) throw new IllegalArgumentException("uri null");
    if (!"coap".equals(uri.getScheme()) && !"coaps".equals(uri.getScheme())) {
      throw new IllegalArgumentException("uri scheme: " + uri);
    }
    if (uri.getHost() == null) throw new IllegalArgumentException("uri host: " + uri);
    if (format == null) throw new IllegalArgumentException("format null");
    if (packMaxBytes < 128) throw new IllegalArgumentException("packMaxBytes below 128: " + packMaxBytes);
    if (inflight < 1 || inflight > 64) throw new IllegalArgumentException("inflight out of 1..64: " + inflight);
    ackTimeout = positive("ackTimeout", ackTimeout, Duration.ofSeconds(2));
    if (maxRetransmit < 0 || maxRetransmit > 10) {
      throw new IllegalArgumentException("maxRetransmit out of 0..10: " + maxRetransmit);
    }
    reconnectMin = positive("reconnectMin", reconnectMin, Duration.ofSeconds(1));
    reconnectMax = positive("reconnectMax", reconnectMax, Duration.ofMinutes(5));
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new IllegalArgumentException("reconnectMax " + reconnectMax + " below reconnectMin " + reconnectMin);
    }
    if ("coaps".equals(uri.getScheme()) && (pskIdentityFile == null || pskFile == null)) {
      throw new IllegalArgumentException("coaps:// needs pskIdentityFile and pskFile");
    }
  }

  public boolean secure() {
    return "coaps".equals(uri.getScheme());
  }

  /** The URI of the resource {@code name} under the base. */
  public URI resource(String name) {
    String base = uri.toString();
    return URI.create(base.endsWith("/") ? base + name : base + "/" + name);
  }

  /** How long one confirmable request may take before it is given up (RFC 7252 MAX_TRANSMIT_WAIT), plus 1 s. */
  public Duration exchangeTimeout() {
    long attempts = (1L << (maxRetransmit + 1)) - 1;
    return Duration.ofMillis((long) (ackTimeout.toMillis() * 1.5 * attempts) + 1000);
  }

  private static Duration positive(String name, Duration d, Duration fallback) {
    if (d == null) return fallback;
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " not positive: " + d);
    return d;
  }
}
