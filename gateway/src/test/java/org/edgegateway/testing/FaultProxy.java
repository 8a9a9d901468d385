// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP relay that injects network faults between a client and a local server: {@link Mode#PASS} relays,
 * {@link Mode#DELAY} relays every chunk after a fixed latency (in order), {@link Mode#REFUSE} resets new
 * connections at once, {@link Mode#BLACK_HOLE} accepts connections and swallows every byte in both directions
 * without an answer or a reset (a half-open link). {@link #cutConnections} resets what is open. Modes switch at
 * any time and apply to connections already open. {@link #rate} caps what each direction carries, queueing the
 * excess as a modem's buffer does (with a delay: a link's round trip and rate, for benchmarks). The relay's own
 * sockets have TCP_NODELAY, so it adds no Nagle delay of its own.
 */
public final class FaultProxy implements AutoCloseable {
  /** What the proxy does with traffic. */
  public enum Mode { PASS, DELAY, REFUSE, BLACK_HOLE }

  private static final byte[] STOP = new byte[0];

  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong cuts = new AtomicLong();
  private volatile Mode mode = Mode.PASS;
  private volatile long delayNanos;
  /** Bits per second each direction carries; 0 for no limit. */
  private volatile long bitsPerSecond;

  public FaultProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public Mode mode() {
    return mode;
  }

  public void pass() {
    mode = Mode.PASS;
  }

  /** Every chunk in either direction arrives {@code latency} after it was sent. */
  public void delay(Duration latency) {
    delayNanos = latency.toNanos();
    mode = Mode.DELAY;
  }

  /**
   * Caps each direction of every connection at {@code bitsPerSecond} (0: no cap): a chunk leaves once the bits
   * before it and its own have gone through at that rate, plus any delay. Independent of the mode.
   */
  public void rate(long bitsPerSecond) {
    if (bitsPerSecond < 0) throw new IllegalArgumentException("rate negative: " + bitsPerSecond);
    this.bitsPerSecond = bitsPerSecond;
  }

  /** New connections are reset at once (the broker is down); open ones stay until {@link #cutConnections}. */
  public void refuse() {
    mode = Mode.REFUSE;
  }

  /** Nothing is answered and nothing is reset: open and new connections go silent. */
  public void blackHole() {
    mode = Mode.BLACK_HOLE;
  }

  /**
   * Broker down: resets open connections and refuses new ones until the next mode change. A connection the acceptor
   * takes meanwhile is either among those reset or refused: the two hold the same lock.
   */
  public synchronized void down() {
    refuse();
    cutConnections();
  }

  /** Resets every open connection in both directions (RST, no FIN). */
  public synchronized void cutConnections() {
    cuts.incrementAndGet();
    for (Socket s : sockets) {
      reset(s);
    }
    sockets.clear();
  }

  /** Connections accepted so far, refused ones included. */
  public long accepted() {
    return accepted.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    cutConnections();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        take(client);
      } catch (IOException e) {
        if (!server.isClosed()) cutConnections();
      }
    }
  }

  /** Refuses, swallows or relays a new connection as the mode says, under the lock {@link #down} takes. */
  private synchronized void take(Socket client) {
    Mode now = mode;
    if (now == Mode.REFUSE) {
      reset(client);
    } else if (now == Mode.BLACK_HOLE) {
      sockets.add(client);
      relay(client, null);
    } else {
      connect(client);
    }
  }

  private void connect(Socket client) {
    Socket target;
    try {
      target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
    } catch (IOException refused) {
      reset(client);
      return;
    }
    for (Socket s : List.of(client, target)) {
      noDelay(s);
      sockets.add(s);
    }
    relay(client, target);
    relay(target, client);
  }

  /** Reads {@code from} and hands each chunk to a writer that applies the mode; {@code to} null swallows all. */
  private void relay(Socket from, Socket to) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[8192];
      long lineFree = 0; // When the bits queued so far have gone through at the rate cap.
      try (InputStream in = from.getInputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (to == null || mode == Mode.BLACK_HOLE) continue;
          long now = System.nanoTime();
          long rate = bitsPerSecond;
          long sent = now;
          if (rate > 0) {
            lineFree = Math.max(lineFree, now) + n * 8L * 1_000_000_000L / rate;
            sent = lineFree;
          }
          long due = sent + (mode == Mode.DELAY ? delayNanos : 0);
          queue.add(new Chunk(Arrays.copyOf(buffer, n), due));
        }
      } catch (IOException closed) {
        // The other side or a cut closed it.
      } finally {
        queue.add(new Chunk(STOP, 0));
      }
    }, "fault-proxy-read");
    reader.setDaemon(true);
    reader.start();
    if (to == null) return;
    Thread writer = new Thread(() -> write(queue, from, to), "fault-proxy-write");
    writer.setDaemon(true);
    writer.start();
  }

  private void write(BlockingQueue<Chunk> queue, Socket from, Socket to) {
    try (OutputStream out = to.getOutputStream()) {
      while (true) {
        Chunk c = queue.take();
        if (c.bytes() == STOP) break;
        // The proxy emulates latency: waiting until a chunk is due is its job, not a test's synchronisation.
        for (long left = c.due() - System.nanoTime(); left > 0; left = c.due() - System.nanoTime()) {
          LockSupport.parkNanos(left);
        }
        if (mode == Mode.BLACK_HOLE) continue;
        out.write(c.bytes());
      }
    } catch (IOException closed) {
      // Closed by the other side or a cut.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      quietClose(from);
      quietClose(to);
    }
  }

  private record Chunk(byte[] bytes, long due) {}

  private static void noDelay(Socket s) {
    try {
      s.setTcpNoDelay(true);
    } catch (IOException e) {
      // Closed already: the relay finds out when it reads.
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // Already closed.
    }
    quietClose(s);
  }

  private static void quietClose(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Closing a dead socket.
    }
  }
}
