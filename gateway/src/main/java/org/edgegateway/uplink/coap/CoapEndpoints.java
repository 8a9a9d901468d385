// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.coap;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * Californium set up the way the gateway uses it: modules registered and the configuration built in memory, so
 * no {@code Californium3.properties} is written, and one thread per stage (protocol, UDP or DTLS receiver and
 * sender), so a client endpoint adds about five threads.
 */
final class CoapEndpoints {
  static {
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
  }

  private CoapEndpoints() {}

  /** A configuration with small thread pools and the given retransmission parameters. */
  static Configuration configuration(CoapSettings s) {
    Configuration c = Configuration.createStandardWithoutFile();
    c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
    c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
    c.set(CoapConfig.ACK_TIMEOUT, s.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
    c.set(CoapConfig.MAX_RETRANSMIT, s.maxRetransmit());
    c.set(CoapConfig.NSTART, s.inflight());
    // Requests above one block go block-wise (RFC 7959); 1024 bytes fit one datagram on common paths.
    c.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
    c.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
    c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, Math.max(8192, s.packMaxBytes() * 2));
    c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
    return c;
  }

  /** A client endpoint on an ephemeral port: plain UDP, or DTLS with this PSK. */
  static CoapEndpoint client(Configuration config, String pskIdentity, byte[] psk) {
    CoapEndpoint.Builder b = new CoapEndpoint.Builder().setConfiguration(config);
    if (pskIdentity == null) {
      b.setInetSocketAddress(new InetSocketAddress(0));
    } else {
      DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
          .setAddress(new InetSocketAddress(0))
          .setAdvancedPskStore(new AdvancedSinglePskStore(pskIdentity, psk))
          .build();
      b.setConnector(new DTLSConnector(dtls));
    }
    return b.build();
  }
}
