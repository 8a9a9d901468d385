// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 that makes a loopback broker look like one across a link: every byte arrives a fixed
 * one-way delay after it was sent, and each direction carries at most {@code bitsPerSecond} (0: no limit), queueing
 * what is sent faster, as a modem's buffer does. No loss, no jitter, no reordering: a floor under what a real link
 * costs, the same for every client that goes through it. Loopback only (the kernel's netem is not available here).
 */
final class LinkEmulator implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final ServerSocket server;
  private final int targetPort;
  private final long oneWayNanos;
  private final long bitsPerSecond;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean open = true;

  /** A piece of the stream and the time it may leave the far end of the link. */
  private record Chunk(byte[] bytes, long dueNanos) {}

  private LinkEmulator(ServerSocket server, int targetPort, long oneWayNanos, long bitsPerSecond) {
    this.server = server;
    this.targetPort = targetPort;
    this.oneWayNanos = oneWayNanos;
    this.bitsPerSecond = bitsPerSecond;
  }

  /** Starts relaying connections on a free loopback port to {@code targetPort} on loopback. */
  static LinkEmulator start(int targetPort, long roundTripMillis, long bitsPerSecond) throws IOException {
    if (roundTripMillis < 0) throw new IllegalArgumentException("round trip negative: " + roundTripMillis);
    if (bitsPerSecond < 0) throw new IllegalArgumentException("rate negative: " + bitsPerSecond);
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    LinkEmulator link = new LinkEmulator(s, targetPort, TimeUnit.MILLISECONDS.toNanos(roundTripMillis) / 2,
        bitsPerSecond);
    daemon("link-accept", link::accept).start();
    return link;
  }

  /** The broker's URI as seen through the link. */
  String uri() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (open) {
      try {
        Socket client = server.accept();
        Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        for (Socket s : List.of(client, broker)) {
          s.setTcpNoDelay(true);
          sockets.add(s);
        }
        direction("up", client, broker);
        direction("down", broker, client);
      } catch (IOException e) {
        if (open) System.err.println("link emulator: " + e);
      }
    }
  }

  /** One direction: a reader stamps each chunk with its departure time, a writer releases it then. */
  private void direction(String name, Socket from, Socket to) {
    BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
    daemon("link-" + name + "-in", () -> read(from, line)).start();
    daemon("link-" + name + "-out", () -> write(to, line)).start();
  }

  private void read(Socket from, BlockingQueue<Chunk> line) {
    byte[] buf = new byte[CHUNK];
    long lineFree = 0; // When the link has sent everything queued so far (rate limit).
    try {
      InputStream in = from.getInputStream();
      for (int n; (n = in.read(buf)) > 0; ) {
        long now = System.nanoTime();
        long departs = now;
        if (bitsPerSecond > 0) {
          lineFree = Math.max(lineFree, now) + n * 8L * 1_000_000_000L / bitsPerSecond;
          departs = lineFree;
        }
        line.add(new Chunk(Arrays.copyOf(buf, n), departs + oneWayNanos));
      }
    } catch (IOException e) {
      // The connection ended: the writer ends the other side once the data in the line has left.
    }
    line.add(new Chunk(new byte[0], 0));
  }

  private void write(Socket to, BlockingQueue<Chunk> line) {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk c = line.take();
        if (c.bytes().length == 0) {
          to.shutdownOutput();
          return;
        }
        for (long wait; (wait = c.dueNanos() - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
        out.write(c.bytes());
        out.flush();
      }
    } catch (IOException e) {
      // The far end closed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    open = false;
    close(server);
    sockets.forEach(LinkEmulator::close);
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing anyway.
    }
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
