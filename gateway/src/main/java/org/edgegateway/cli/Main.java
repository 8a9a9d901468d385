// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.edgegateway.config.ConfigException;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.status.SystemdNotifier;
import org.tinylog.Logger;

/**
 * The command line: {@code run}, {@code check}, {@code version}. Exit codes: 0 normal stop, 1 runtime failure,
 * 2 invalid config or usage.
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  static final String DEFAULT_CONFIG = "/etc/edge-gateway/gateway.yaml";

  private static final String HELP = """
      Usage: edge-gateway COMMAND [--config FILE] [--json]

      Commands:
        run       run the gateway until stopped (SIGTERM or Ctrl-C close every valve and stop within 5 s)
        check     commissioning: validate the config (exit 2 if invalid), list GPIO/serial/I2C/1-Wire, read
                  every sensor once, try each broker step by step, show the buffer; exit 1 if anything
                  required fails. --json for machines. Never switches a valve.
        console-password
                  set the web console's password: reads it twice from the terminal (or one line from
                  standard input) and writes only its salted PBKDF2 hash to the console's password-file
        version   print the version

      Options:
        --config FILE   the gateway's YAML config (default %s)
        --help          this text

      Exit codes: 0 normal stop, 1 runtime failure, 2 invalid config or usage.
      Docs: README.md, docs/CONFIG.md, docs/ARCHITECTURE.md
      """.formatted(DEFAULT_CONFIG);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command and returns its exit code; does not call {@code System.exit}. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with {@code in} for commands that read a secret. */
  static int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) {
    List<String> a = Arrays.asList(args);
    if (a.isEmpty() || a.contains("--help") || a.contains("-h") || a.get(0).equals("help")) {
      (a.isEmpty() ? err : out).print(HELP);
      return a.isEmpty() ? USAGE : OK;
    }
    String command = a.get(0);
    Path config = Path.of(DEFAULT_CONFIG);
    boolean json = false;
    for (int i = 1; i < a.size(); i++) {
      if (a.get(i).equals("--config") && i + 1 < a.size()) {
        config = Path.of(a.get(++i));
      } else if (a.get(i).equals("--json") && command.equals("check")) {
        json = true;
      } else {
        err.println("edge-gateway: unknown argument '" + a.get(i) + "'; see edge-gateway --help");
        return USAGE;
      }
    }
    return switch (command) {
      case "version" -> {
        out.println("edge-gateway " + Version.version());
        yield OK;
      }
      case "run" -> runGateway(config, err);
      case "check" -> check(config, json, out, err);
      case "console-password" -> ConsolePasswordCommand.run(config, in, out, err);
      default -> {
        err.println("edge-gateway: unknown command '" + command + "'; allowed: run, check, console-password, "
            + "version");
        yield USAGE;
      }
    };
  }

  private static GatewayConfig load(Path file, PrintStream err) {
    try {
      return ConfigLoader.load(file);
    } catch (ConfigException e) {
      err.println("edge-gateway: " + e.getMessage());
      return null;
    }
  }

  private static int check(Path file, boolean json, PrintStream out, PrintStream err) {
    GatewayConfig c = load(file, err);
    if (c == null) return USAGE;
    // Quiet libraries: the check prints its own table.
    LoggingSetup.apply(new GatewayConfig.Logging("warn", java.util.Map.of(), "journal", null, 0, 0));
    try {
      return Check.print(new Check(c).run(), file, json, out);
    } catch (IOException e) {
      err.println("edge-gateway: check failed: " + e.getMessage());
      return FAILURE;
    }
  }

  private static int runGateway(Path file, PrintStream err) {
    GatewayConfig c = load(file, err);
    if (c == null) return USAGE;
    LoggingSetup.apply(c.logging());
    Logger.info("edge-gateway {} starting with {}", Version.version(), file.toAbsolutePath());
    SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
    // Stop signals are handled from before the start: one that comes while the gateway starts stops it right
    // after (exit 0), and the hook covers every other way the JVM goes down.
    AtomicReference<Gateway> started = new AtomicReference<>();
    AtomicBoolean stopRequested = new AtomicBoolean();
    Runnable requestStop = () -> {
      stopRequested.set(true);
      Gateway g = started.get();
      if (g != null) g.stop();
    };
    Signals.onTermination(requestStop);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      requestStop.run();
      Gateway g = started.get();
      try {
        // If another thread is stopping the gateway, the JVM must not exit before it has finished (valves first).
        if (g != null) g.awaitStop(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown"));
    Gateway g;
    try {
      g = Gateway.start(c, Clock.systemUTC(), System::nanoTime, Version.buildMillis(), systemd);
    } catch (IOException | RuntimeException e) {
      systemd.status("failed to start: " + e.getMessage());
      Logger.error(e, "gateway failed to start: {}", e.getMessage());
      err.println("edge-gateway: failed to start: " + e.getMessage());
      return FAILURE;
    }
    started.set(g);
    if (stopRequested.get()) g.stop();
    try {
      return g.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      g.stop();
      return FAILURE;
    }
  }
}
