// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.edgegateway.config.ConfigException;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
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
      Usage: edge-gateway COMMAND [--config FILE]

      Commands:
        run       run the gateway until stopped (SIGTERM or Ctrl-C close every valve and stop within 5 s)
        check     validate the config file and print what it describes; exit 2 if it is invalid; warn about
                  a config writable by others and secrets (password file, client key) readable by others
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
    List<String> a = Arrays.asList(args);
    if (a.isEmpty() || a.contains("--help") || a.contains("-h") || a.get(0).equals("help")) {
      (a.isEmpty() ? err : out).print(HELP);
      return a.isEmpty() ? USAGE : OK;
    }
    String command = a.get(0);
    Path config = Path.of(DEFAULT_CONFIG);
    for (int i = 1; i < a.size(); i++) {
      if (a.get(i).equals("--config") && i + 1 < a.size()) {
        config = Path.of(a.get(++i));
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
      case "check" -> check(config, out, err);
      default -> {
        err.println("edge-gateway: unknown command '" + command + "'; allowed: run, check, version");
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

  private static int check(Path file, PrintStream out, PrintStream err) {
    GatewayConfig c = load(file, err);
    if (c == null) return USAGE;
    out.printf("config %s is valid: gateway %s at %s, %d buses, %d sensors (%d channels), %d valves, %d zones, "
        + "%d alerts%n", file, c.gateway().id(), c.gateway().site(), c.buses().size(), c.sensors().size(),
        c.channels().size(), c.valves().size(), c.zones().size(), c.alerts().size());
    for (String warning : permissionWarnings(file, c)) out.println("warning: " + warning);
    return OK;
  }

  /**
   * Files others should not touch: the config (whoever writes it drives the valves) must not be writable by group
   * or others; secrets (MQTT password file, client key) must not be readable by them either. Empty where the file
   * system has no POSIX permissions.
   */
  static List<String> permissionWarnings(Path config, GatewayConfig c) {
    List<String> out = new java.util.ArrayList<>();
    permissions(config).ifPresent(p -> {
      if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
        out.add("config " + config + " is writable by others (" + PosixFilePermissions.toString(p)
            + "); run: chmod go-w " + config);
      }
    });
    List<Path> secrets = new java.util.ArrayList<>();
    c.mqtt().ifPresent(m -> {
      if (m.passwordFile() != null) secrets.add(m.passwordFile());
      if (m.clientKeyFile() != null) secrets.add(m.clientKeyFile());
    });
    for (Path secret : secrets) {
      permissions(secret).ifPresent(p -> {
        if (p.stream().anyMatch(x -> x.name().startsWith("GROUP_") || x.name().startsWith("OTHERS_"))) {
          out.add("secret " + secret + " is open to others (" + PosixFilePermissions.toString(p) + "); run: chmod 600 "
              + secret);
        }
      });
    }
    return out;
  }

  private static java.util.Optional<java.util.Set<PosixFilePermission>> permissions(Path file) {
    try {
      return java.util.Optional.of(Files.getPosixFilePermissions(file));
    } catch (UnsupportedOperationException | IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static int runGateway(Path file, PrintStream err) {
    GatewayConfig c = load(file, err);
    if (c == null) return USAGE;
    LoggingSetup.apply(c.logging());
    Logger.info("edge-gateway {} starting with {}", Version.version(), file.toAbsolutePath());
    Gateway g;
    try {
      g = Gateway.start(c, Clock.systemUTC(), System::nanoTime, Version.buildMillis());
    } catch (IOException | RuntimeException e) {
      Logger.error(e, "gateway failed to start: {}", e.getMessage());
      err.println("edge-gateway: failed to start: " + e.getMessage());
      return FAILURE;
    }
    // A stop signal stops the gateway cleanly (exit 0); the hook covers every other way the JVM goes down.
    Signals.onTermination(g::stop);
    Runtime.getRuntime().addShutdownHook(new Thread(g::stop, "shutdown"));
    try {
      return g.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      g.stop();
      return FAILURE;
    }
  }
}
