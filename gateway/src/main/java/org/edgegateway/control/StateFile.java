// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.edgegateway.rules.SavedState;
import org.tinylog.Logger;

/**
 * {@link SavedState} as a small JSON file in the state directory. Written to a temporary file, synced, then renamed
 * over the old one: a rename is atomic, so a power cut leaves either the old or the new state, never half of one.
 */
public final class StateFile {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path file;

  public StateFile(Path file) {
    this.file = file;
  }

  public void write(SavedState state) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The saved state, or empty when there is none or it cannot be read (logged; the gateway starts fresh). */
  public Optional<SavedState> read() {
    if (!Files.exists(file)) return Optional.empty();
    try {
      return Optional.of(JSON.readValue(file.toFile(), SavedState.class));
    } catch (IOException e) {
      Logger.warn("cannot read saved state {} ({}); starting with fresh daily counters", file, e.getMessage());
      return Optional.empty();
    }
  }
}
