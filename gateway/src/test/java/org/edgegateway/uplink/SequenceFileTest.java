// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceFileTest {
  @TempDir
  Path dir;

  @Test
  void withoutAFileNumbersStartAtZero() {
    assertEquals(0, new SequenceFile(dir.resolve("sequence")).first());
  }

  @Test
  void reopenedWithoutCloseResumesAMarginAboveTheLastSave() throws IOException {
    Path file = dir.resolve("sequence");
    SequenceFile before = new SequenceFile(file);
    before.save(41);
    before.save(42);
    // No close, no flush: what a SIGKILL leaves is what save() put on disk.
    assertEquals(42 + SequenceFile.MARGIN, new SequenceFile(file).first());
    assertEquals("42\n", Files.readString(file));
  }

  @Test
  void crashBetweenWriteAndRenameLeavesTheOldNumber() throws IOException {
    Path file = dir.resolve("sequence");
    new SequenceFile(file).save(7);
    boolean[] fail = {true};
    SequenceFile crashing = new SequenceFile(file, (from, to) -> {
      if (fail[0]) throw new IOException("power cut (test) before the rename");
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    });
    assertThrows(IOException.class, () -> crashing.save(9));
    // The new number is whole in the temporary file, but only the rename makes it count.
    assertEquals("9\n", Files.readString(dir.resolve("sequence.tmp")));
    assertEquals(7 + SequenceFile.MARGIN, new SequenceFile(file).first());
    // Not taken as saved: the next call with the same number writes it.
    fail[0] = false;
    crashing.save(9);
    assertEquals(9 + SequenceFile.MARGIN, new SequenceFile(file).first());
  }

  @Test
  void unreadableFileRestartsAtZero() throws IOException {
    Path file = dir.resolve("sequence");
    Files.writeString(file, "not a number\n");
    assertEquals(0, new SequenceFile(file).first());
  }

  @Test
  void negativeNumberIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SequenceFile(dir.resolve("sequence")).save(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  /** A child JVM saves increasing numbers and is killed with SIGKILL; the file holds the last or the next one. */
  @Test
  void numberSurvivesSigkillOfTheWritingProcess() throws Exception {
    Path file = dir.resolve("sequence");
    Path printed = dir.resolve("child.out");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xmx64m", "-Dtinylog.level=warn",
        SequenceChild.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectOutput(printed.toFile())
        .start();
    try {
      Await.until(Duration.ofSeconds(60), () -> lastPrinted(printed) >= 200 || !child.isAlive(),
          () -> "child saved only up to " + lastPrinted(printed));
      assertTrue(child.isAlive(), "child ended by itself");
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child still running");
    } finally {
      child.destroyForcibly();
    }
    long last = lastPrinted(printed);
    long saved = new SequenceFile(file).first() - SequenceFile.MARGIN;
    // Printed means saved; one more may have been saved but not printed before the kill.
    assertTrue(saved == last || saved == last + 1, "saved " + saved + ", printed " + last);
  }

  /** The last whole line's number, -1 before the first. */
  private static long lastPrinted(Path out) {
    try {
      String text = Files.readString(out, StandardCharsets.US_ASCII);
      int end = text.lastIndexOf('\n');
      if (end < 0) return -1;
      int start = text.lastIndexOf('\n', end - 1) + 1;
      return Long.parseLong(text.substring(start + SequenceChild.PREFIX.length(), end));
    } catch (IOException e) {
      return -1;
    }
  }
}
