// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Phones with the web console open, as {@code curl} processes holding its live stream ({@code /api/stream}, one
 * event a second) and loading the history every 30 s, as the page does. Out of the gateway's JVM, as a phone is.
 */
final class ConsoleStreams implements AutoCloseable {
  private final List<Process> clients = new ArrayList<>();

  static ConsoleStreams start(int port, int n) throws IOException {
    ConsoleStreams s = new ConsoleStreams();
    String base = "https://127.0.0.1:" + port;
    for (int i = 0; i < n; i++) {
      s.clients.add(new ProcessBuilder("curl", "-sk", "-N", "-o", "/dev/null", base + "/api/stream")
          .redirectErrorStream(true).start());
      s.clients.add(new ProcessBuilder("sh", "-c", "while :; do curl -sk -o /dev/null " + base + "/api/history;"
          + " sleep 30; done").redirectErrorStream(true).start());
    }
    return s;
  }

  /** How many phones: stream holders. */
  int phones() {
    return clients.size() / 2;
  }

  /** Ends the clients (the shell loops and their curl children). */
  @Override
  public void close() {
    for (Process p : clients) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
