// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.tinylog.Logger;

/**
 * One uplink's next pack sequence number, kept in a small text file in the state directory so that numbers go on
 * across restarts. Written like {@code control.StateFile}: a temporary file, synced, then renamed over the old one
 * (a rename is atomic), so a crash leaves the old number or the new one, never half of one. The number is saved
 * only now and then, so after a restart it resumes {@link #MARGIN} above the last one saved: a gap the platform
 * sees, never a reuse.
 */
public final class SequenceFile {
  /** How far above the saved number a restart resumes; more packs than this between two saves would reuse. */
  public static final long MARGIN = 100_000;

  /** The commit point: moves the synced temporary file over the old one. */
  @FunctionalInterface
  interface Rename {
    void move(Path from, Path to) throws IOException;
  }

  private final Path file;
  private final Path tmp;
  private final Rename rename;
  private long saved = -1;

  public SequenceFile(Path file) {
    this(file, (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING));
  }

  SequenceFile(Path file, Rename rename) {
    this.file = file;
    this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
    this.rename = rename;
  }

  /**
   * The first sequence number to use: 0 without a file, else the saved number plus {@link #MARGIN}. An unreadable
   * file is logged and gives 0 (the platform sees numbers restart).
   */
  public long first() {
    try {
      if (!Files.exists(file)) return 0;
      return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()) + MARGIN;
    } catch (IOException | NumberFormatException e) {
      Logger.warn("cannot read {} ({}); its sequence numbers restart at 0", file, e.getMessage());
      return 0;
    }
  }

  /**
   * Saves {@code next} durably; no-op if it is the number saved last. Durable first: the number counts as saved
   * only after the rename, so a failed save is tried again on the next call.
   */
  public synchronized void save(long next) throws IOException {
    if (next < 0) throw new IllegalArgumentException("sequence negative: " + next);
    if (next == saved) return;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) ch.write(bytes);
      ch.force(true);
    }
    rename.move(tmp, file);
    saved = next;
  }

  public Path path() {
    return file;
  }
}
