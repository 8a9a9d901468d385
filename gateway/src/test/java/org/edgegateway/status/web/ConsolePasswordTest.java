// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsolePasswordTest {
  @TempDir
  Path dir;

  @Test
  void hashMatchesOnlyTheRightPasswordAndHoldsNoPlainText() throws Exception {
    Path file = dir.resolve("console.password");
    ConsolePassword.hash("correct horse battery".toCharArray()).write(file);
    String stored = Files.readString(file);
    assertFalse(stored.contains("correct horse"), stored);
    assertTrue(stored.startsWith("pbkdf2-sha256$" + ConsolePassword.ITERATIONS + "$"), stored);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    ConsolePassword read = ConsolePassword.read(file);
    assertTrue(read.matches("correct horse battery".toCharArray()));
    assertFalse(read.matches("correct horse batterY".toCharArray()));
    assertFalse(read.matches(new char[0]));
  }

  @Test
  void sameSecretTwiceGivesDifferentSalts() {
    assertNotEquals(ConsolePassword.hash("0123456789".toCharArray()).encoded(),
        ConsolePassword.hash("0123456789".toCharArray()).encoded());
  }

  @Test
  void shortPasswordIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ConsolePassword.hash("short".toCharArray()));
  }

  @Test
  void malformedFileIsAnErrorThatDoesNotEchoItsContent() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "my-plain-password\n");
    var e = assertThrows(java.io.IOException.class, () -> ConsolePassword.read(file));
    assertFalse(e.getMessage().contains("my-plain-password"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConsolePassword.parse("pbkdf2-sha256$10$AAAA$AAAA"));
  }

  @Test
  void sourceSeesANewPasswordWithoutARestartAndNoneWithoutAFile() throws Exception {
    Path file = dir.resolve("pw");
    ConsolePassword.Source source = new ConsolePassword.Source(file);
    assertNull(source.current());
    ConsolePassword.hash("first-password".toCharArray()).write(file);
    assertTrue(source.current().matches("first-password".toCharArray()));
    ConsolePassword.hash("second-password".toCharArray()).write(file);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertTrue(source.current().matches("second-password".toCharArray()));
  }
}
