// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.tinylog.Logger;

/**
 * Handles SIGTERM and SIGINT so that a requested stop ends with exit code 0 (a JVM killed by a signal exits with
 * 143, which systemd would count as a failure). Uses {@code sun.misc.Signal} (module jdk.unsupported, present in
 * every OpenJDK 17+) through reflection, because javac offers no way to silence its warning under -Werror. If it
 * is missing, the shutdown hook still stops the gateway, only with the JVM's exit code.
 */
final class Signals {
  private Signals() {}

  static void onTermination(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Constructor<?> make = signal.getConstructor(String.class);
      Method handle = signal.getMethod("handle", signal, handler);
      Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler},
          (p, m, args) -> {
            if (m.getName().equals("handle")) {
              Logger.info("received SIG{}; stopping", args[0].toString().replace("SIG", ""));
              new Thread(action, "signal-stop").start();
            }
            return null;
          });
      for (String name : new String[] {"TERM", "INT"}) handle.invoke(null, make.newInstance(name), proxy);
    } catch (ReflectiveOperationException | RuntimeException e) {
      Logger.warn("cannot handle stop signals ({}); relying on the shutdown hook", e.toString());
    }
  }
}
