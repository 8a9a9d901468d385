// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for tests, on a free loopback port, configured in a temp directory. {@code extraConfig}
 * lines follow the listener line (TLS files, {@code password_file}, {@code persistence true} ...); unless they say
 * otherwise the broker allows anonymous clients and keeps nothing on disk. {@link #stop} and {@link #start} again
 * reuse the port, for outage tests. The log is {@code mosquitto.log} in the directory.
 */
public final class MosquittoBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;
  private final Path config;
  private final int port;
  private Process process;

  private MosquittoBroker(Path dir, int port, String extraConfig) throws IOException {
    this.dir = dir;
    this.port = port;
    this.config = dir.resolve("mosquitto.conf");
    StringBuilder conf = new StringBuilder();
    conf.append("listener ").append(port).append(" 127.0.0.1\n").append(extraConfig).append('\n');
    if (!extraConfig.contains("allow_anonymous")) conf.append("allow_anonymous true\n");
    if (!extraConfig.contains("persistence")) conf.append("persistence false\n");
    // Started as root (in containers), Mosquitto would switch to a user that cannot read the temp directory.
    conf.append("user ").append(System.getProperty("user.name")).append('\n');
    conf.append("max_queued_messages 0\n");
    conf.append("log_dest file ").append(dir.resolve("mosquitto.log")).append('\n');
    conf.append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
    Files.writeString(config, conf.toString(), StandardCharsets.UTF_8);
  }

  /** Starts a broker with anonymous access on a free port. */
  public static MosquittoBroker start(Path dir) throws IOException {
    return start(dir, "");
  }

  public static MosquittoBroker start(Path dir, String extraConfig) throws IOException {
    MosquittoBroker broker = new MosquittoBroker(dir, freePort(), extraConfig);
    broker.start();
    return broker;
  }

  /** A free loopback TCP port (free now; a small race with other processes is accepted). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts the process (again) and waits until the port accepts connections. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) return;
    process = new ProcessBuilder(executable(), "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile()))
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!accepts()) {
      if (!process.isAlive() || System.nanoTime() - deadline > 0) {
        process.destroyForcibly();
        throw new IOException("mosquitto did not start on port " + port + ": " + log());
      }
    }
  }

  /** Stops the broker (SIGTERM, then SIGKILL after 5 s); idempotent. */
  public synchronized void stop() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** The CPU time the running broker process has used so far (user and system), for benchmarks; zero if none. */
  public synchronized Duration cpu() {
    if (process == null) return Duration.ZERO;
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:PORT}, or with another scheme and host, e.g. {@code uri("ssl", "localhost")}. */
  public String uri() {
    return uri("tcp", "127.0.0.1");
  }

  public String uri(String scheme, String host) {
    return scheme + "://" + host + ":" + port;
  }

  /** What the broker logged so far, for failure messages. */
  public String log() {
    try {
      Path log = dir.resolve("mosquitto.log");
      Path out = dir.resolve("mosquitto.out");
      return (Files.exists(log) ? Files.readString(log) : "") + (Files.exists(out) ? Files.readString(out) : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      // Mosquitto opens the listener a few milliseconds after it starts; the caller's loop bounds the wait.
      try {
        process.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private static String executable() {
    return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
  }
}
