// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.edgegateway.config.ConfigException;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.status.web.ConsolePassword;

/**
 * {@code edge-gateway console-password --config FILE}: sets the web console's per-gateway secret. Reads it twice
 * from the terminal without echo, or one line from standard input (for scripts), and writes only its salted hash.
 * A running gateway uses the new password at the next login.
 */
final class ConsolePasswordCommand {
  private ConsolePasswordCommand() {}

  static int run(Path file, InputStream in, PrintStream out, PrintStream err) {
    GatewayConfig config;
    try {
      config = ConfigLoader.load(file, false);
    } catch (ConfigException e) {
      err.println("edge-gateway: " + e.getMessage());
      return Main.USAGE;
    }
    Path target = config.console().map(GatewayConfig.Console::passwordFile).orElse(null);
    if (target == null) {
      err.println("edge-gateway: " + file + " has no console: section with enabled: true and a password-file");
      return Main.USAGE;
    }
    char[] secret = null;
    try {
      secret = read(in, err);
      if (secret == null) return Main.USAGE;
      ConsolePassword.hash(secret).write(target);
      out.println("wrote the console password's hash to " + target + " (the password itself is stored nowhere)");
      return Main.OK;
    } catch (IllegalArgumentException e) {
      err.println("edge-gateway: " + e.getMessage());
      return Main.USAGE;
    } catch (IOException e) {
      err.println("edge-gateway: cannot write " + target + ": " + e.getMessage());
      return Main.FAILURE;
    } finally {
      if (secret != null) Arrays.fill(secret, '\0');
    }
  }

  private static char[] read(InputStream in, PrintStream err) throws IOException {
    java.io.Console tty = System.console();
    if (tty != null && in == System.in) {
      char[] a = tty.readPassword("new console password (at least 10 characters): ");
      char[] b = tty.readPassword("again: ");
      if (a == null || b == null || !Arrays.equals(a, b)) {
        err.println("edge-gateway: the two entries differ; nothing written");
        return null;
      }
      Arrays.fill(b, '\0');
      return a;
    }
    String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      err.println("edge-gateway: no password on standard input; nothing written");
      return null;
    }
    return line.toCharArray();
  }
}
