// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories for Paho whose sockets have {@code TCP_NODELAY} set: Paho 1.2.5 leaves Nagle's algorithm on, so
 * each small write (a PUBLISH, a PUBACK for a command) waits for the TCP acknowledgement of the one before it, up to
 * a delayed-ACK timeout. Paho creates its socket unconnected ({@code createSocket()}) and connects it itself; the
 * other methods are there for completeness. The TLS one wraps the factory that carries the trust and client
 * certificate.
 */
public final class NoDelaySockets {
  private NoDelaySockets() {}

  /** For {@code tcp://} brokers. Not an SSLSocketFactory: Paho refuses one for tcp. */
  public static SocketFactory plain() {
    return new Plain();
  }

  /** For {@code ssl://} brokers: {@code tls}'s sockets, with TCP_NODELAY. */
  public static SSLSocketFactory tls(SSLSocketFactory tls) {
    return new Tls(tls);
  }

  private static <S extends Socket> S noDelay(S socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }

  private static final class Plain extends SocketFactory {
    @Override
    public Socket createSocket() throws IOException {
      return noDelay(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return noDelay(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return noDelay(new Socket(address, port, localAddress, localPort));
    }
  }

  private static final class Tls extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    Tls(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return noDelay(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }
  }
}
