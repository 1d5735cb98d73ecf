package io.xenia.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Stopping server processes, and finding ones a dead JVM left behind through their pid files. */
final class Processes {

  private Processes() {}

  /**
   * Asks {@code process} to stop (SIGTERM on Unix), waits up to {@code grace}, then kills it
   * (SIGKILL) and waits for it to be gone. Returns whether it stopped within the grace period.
   * Keeps the caller's interrupt status.
   */
  static boolean stop(ProcessHandle process, Duration grace) {
    if (!isRunning(process)) {
      return true;
    }
    process.destroy();
    if (awaitExit(process, grace)) {
      return true;
    }
    process.destroyForcibly();
    awaitExit(process, Duration.ofSeconds(10));
    return false;
  }

  /**
   * Like {@link #stop(ProcessHandle, Duration)} for a child of this JVM, and returns only once the
   * child is reaped (so that {@link Process#isAlive()} and {@link ProcessHandle#isAlive()} are
   * false by then).
   */
  static boolean stop(Process child, Duration grace) {
    boolean interrupted = false;
    try {
      child.destroy();
      while (true) {
        try {
          if (child.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
            return true;
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      child.destroyForcibly();
      while (true) {
        try {
          child.waitFor(10, TimeUnit.SECONDS);
          return false;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits up to {@code timeout} for {@code process} to end; returns whether it has. */
  static boolean awaitExit(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    try {
      while (isRunning(process)) {
        if (System.nanoTime() >= deadline) {
          return false;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether {@code process} still runs. Unlike {@link ProcessHandle#isAlive()}, a zombie (a process
   * that has exited but that its parent has not reaped yet) counts as ended: a server's process
   * that outlived the JVM which started it is re-parented to PID 1, which in some containers never
   * reaps it.
   */
  static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    try {
      String text = Files.readString(stat, StandardCharsets.UTF_8);
      // "pid (command) state ...": the command may contain spaces and parentheses, so look after
      // the last ')'.
      int end = text.lastIndexOf(')');
      return end < 0 || end + 2 >= text.length() || text.charAt(end + 2) != 'Z';
    } catch (IOException e) {
      // No procfs (not Linux), or the process is gone this very moment.
      return process.isAlive();
    }
  }

  /**
   * The live process whose pid is the first line of {@code pidFile}, if its command line contains
   * {@code commandLinePart} (so that a pid since reused by an unrelated process is never touched).
   */
  static Optional<ProcessHandle> fromPidFile(Path pidFile, String commandLinePart) {
    long pid;
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      String first =
          Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
      pid = Long.parseLong(first.trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    if (pid == ProcessHandle.current().pid()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(Processes::isRunning)
        .filter(p -> commandLine(p).contains(commandLinePart));
  }

  private static String commandLine(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    return info.commandLine().or(info::command).orElse("");
  }
}
