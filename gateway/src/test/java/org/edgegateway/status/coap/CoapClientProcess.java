// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * libcoap's {@code coap-client} (an independent CoAP implementation, OpenSSL build for DTLS) run as a child
 * process with a hard timeout; output goes to a file so a long observation cannot block on a full pipe.
 */
public final class CoapClientProcess {
  /** What the client printed (stdout and stderr) and its exit code. */
  public record Result(int exitCode, String output) {}

  private final Process process;
  private final Path out;
  private final List<String> command;

  private CoapClientProcess(Path dir, List<String> args) throws IOException {
    command = new ArrayList<>();
    command.add("coap-client-openssl");
    command.addAll(args);
    out = Files.createTempFile(dir, "coap-client", ".out");
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  /** Starts {@code coap-client-openssl args...}; {@code -w} (a newline after each body) is added. */
  public static CoapClientProcess start(Path dir, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("-w"));
    all.addAll(List.of(args));
    return new CoapClientProcess(dir, all);
  }

  /** Runs to the end, at most {@code seconds} (then killed). */
  public static Result run(Path dir, int seconds, String... args) throws IOException, InterruptedException {
    return start(dir, args).await(seconds);
  }

  public Result await(int seconds) throws IOException, InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      return new Result(-1, output());
    }
    return new Result(process.exitValue(), output());
  }

  public String output() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return String.join(" ", command);
  }
}
