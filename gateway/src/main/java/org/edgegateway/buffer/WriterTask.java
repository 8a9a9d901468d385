// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A piece of database work another thread hands to the writer thread (the only one that writes), and waits for. */
final class WriterTask<T> {
  /** The work, run on the writer thread with its table; it commits what it changed. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  private final Work<T> work;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  WriterTask(Work<T> work) {
    this.work = work;
  }

  /** Runs on the writer thread; returns the failure, if any, after handing it to the waiting caller. */
  SQLException run() {
    try {
      result.complete(work.run());
      return null;
    } catch (SQLException e) {
      result.completeExceptionally(e);
      return e;
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return new SQLException(e.getMessage(), e);
    }
  }

  void fail(IOException e) {
    result.completeExceptionally(e);
  }

  /** Waits for the writer at most {@code timeoutMillis}; the message of a failure names {@code what}. */
  T await(long timeoutMillis, String what) throws IOException {
    try {
      return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for " + what);
    } catch (TimeoutException e) {
      throw new IOException(what + ": writer busy for more than " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw new IOException(what + ": " + io.getMessage(), io);
      throw new IOException(what + ": " + cause.getMessage(), cause);
    }
  }
}
