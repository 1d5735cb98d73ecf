package io.xenia.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Debian packages that tests of real machines need (dropbear, busybox, qemu, ipmitool,
 * openipmi...), installed on demand so that the README's one test command works on a fresh Debian
 * machine where we are root.
 *
 * <p>{@link #ensure} answers why it could not, instead of throwing, so that each test decides:
 * tests skip loudly on a developer machine that cannot (not root, not Debian) and fail under {@code
 * CI=true}, where a missing prerequisite is a broken build, not a reason to skip.
 */
public final class DebianPackages {
  private static final Object LOCK = new Object();

  private DebianPackages() {}

  /**
   * Installs whichever of {@code packages} are missing.
   *
   * @return empty when all are installed, else why they are not
   */
  public static Optional<String> ensure(String... packages) {
    synchronized (LOCK) {
      List<String> missing = new ArrayList<>();
      for (String name : packages) {
        if (!installed(name)) {
          missing.add(name);
        }
      }
      if (missing.isEmpty()) {
        return Optional.empty();
      }
      if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
        return Optional.of(
            "missing Debian packages " + missing + " and no apt-get to install them");
      }
      if (!isRoot()) {
        return Optional.of("missing Debian packages " + missing + "; install them as root");
      }
      List<String> command =
          new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
      command.addAll(missing);
      Optional<String> failed = run(command, 600);
      if (failed.isPresent()) {
        // A fresh machine may have no package lists yet.
        run(List.of("apt-get", "update", "-q"), 600);
        failed = run(command, 600);
      }
      return failed.map(why -> "apt-get install " + missing + " failed: " + why);
    }
  }

  /** True when running under CI, where missing prerequisites must fail the build. */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Whether this process runs as root (namespaces, cgroups and apt-get need it). */
  public static boolean isRoot() {
    try {
      return Files.readString(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)
          .lines()
          .filter(line -> line.startsWith("Uid:"))
          .map(line -> line.split("\\s+")[1])
          .anyMatch("0"::equals);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean installed(String name) {
    return status(name).contains("install ok installed");
  }

  private static String status(String name) {
    try {
      Process process =
          new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", name)
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static Optional<String> run(List<String> command, int timeoutSeconds) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of(String.join(" ", command) + " timed out");
      }
      if (process.exitValue() != 0) {
        String text = new String(output, StandardCharsets.UTF_8).strip();
        String[] lines = text.split("\n");
        return Optional.of(
            "exit "
                + process.exitValue()
                + ": "
                + String.join(
                    " | ", Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length)));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
