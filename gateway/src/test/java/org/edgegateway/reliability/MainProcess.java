// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code edge-gateway} (its {@code Main}) in a child JVM on the test class path, output captured to a file. */
final class MainProcess implements AutoCloseable {
  final Process process;
  final Path output;

  private MainProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static MainProcess start(Path dir, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xmx256m", "org.edgegateway.cli.Main"));
    command.addAll(List.of(args));
    Path output = dir.resolve(name + ".out");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    return new MainProcess(p, output);
  }

  /** Runs to the end (bounded); returns the exit code. */
  int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("edge-gateway did not end within " + seconds + " s");
    }
    return process.exitValue();
  }

  /** Stops with SIGTERM (a clean stop) and waits; returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    return await(15);
  }

  String output() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
