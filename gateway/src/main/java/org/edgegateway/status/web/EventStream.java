// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live values as Server-Sent Events: every open page gets the same {@code data:} line from one thread, so a
 * page costs one write a second and holds no server thread. At most {@code maxClients} streams; a client that
 * went away is dropped at the next write.
 */
final class EventStream {
  private final int maxClients;
  private final List<HttpExchange> clients = new CopyOnWriteArrayList<>();

  EventStream(int maxClients) {
    this.maxClients = maxClients;
  }

  /** Opens a stream on {@code ex} with {@code first} as its first event; false (nothing sent) when full. */
  boolean open(HttpExchange ex, String first) throws IOException {
    if (clients.size() >= maxClients) return false;
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    out.write(("retry: 3000\n\n" + event(first)).getBytes(StandardCharsets.UTF_8));
    out.flush();
    clients.add(ex);
    return true;
  }

  int size() {
    return clients.size();
  }

  /** Sends {@code json} to every client; drops those whose write fails. */
  void send(String json) {
    if (clients.isEmpty()) return;
    byte[] bytes = event(json).getBytes(StandardCharsets.UTF_8);
    for (HttpExchange ex : clients) {
      try {
        OutputStream out = ex.getResponseBody();
        out.write(bytes);
        out.flush();
      } catch (IOException | RuntimeException e) {
        drop(ex);
      }
    }
  }

  void closeAll() {
    clients.forEach(this::drop);
  }

  private void drop(HttpExchange ex) {
    clients.remove(ex);
    ex.close();
  }

  private static String event(String json) {
    return "data: " + json + "\n\n";
  }
}
