package io.xenia.hostdaemon.bmc;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.DriverException.Kind;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * IPMI 2.0 over LAN through {@code ipmitool -I lanplus -C 3}, a subprocess per command as Ironic
 * does: ipmitool is the reference client and copes with every BMC's quirks, which no Java IPMI
 * library we tried did. Cipher suite 3 (HMAC-SHA1, AES-CBC-128) because BMCs, ipmi_sim included,
 * answer it at once while ipmitool's default probing costs ~10 s a call. The password goes through
 * the environment ({@code -E}), never the command line that {@code ps} shows.
 */
public final class IpmiPower implements BmcPower {
  private final Bmc bmc;
  private final String host;
  private final String port;
  private final Duration timeout;

  public IpmiPower(Bmc bmc, Duration timeout) {
    this.bmc = requireNonNull(bmc, "bmc is null");
    if (bmc.protocol() != Bmc.Protocol.IPMI) {
      throw new IllegalArgumentException("not an IPMI BMC: " + bmc);
    }
    this.timeout = requireNonNull(timeout, "timeout is null");
    String address = bmc.address();
    int colon = address.lastIndexOf(':');
    if (colon > 0 && address.indexOf(':') == colon) {
      host = address.substring(0, colon);
      port = address.substring(colon + 1);
      if (!port.matches("[0-9]{1,5}")) {
        throw new IllegalArgumentException("IPMI address must be host[:port]: " + address);
      }
    } else {
      host = address;
      port = "623";
    }
  }

  @Override
  public PowerState status() throws DriverException {
    String out = run("chassis", "power", "status").toLowerCase(Locale.ROOT);
    if (out.contains("chassis power is on")) {
      return PowerState.ON;
    }
    if (out.contains("chassis power is off")) {
      return PowerState.OFF;
    }
    return PowerState.UNKNOWN;
  }

  @Override
  public void power(PowerAction action) throws DriverException {
    String verb =
        switch (action) {
          case ON -> "on";
          case OFF -> "off";
          case SOFT_OFF -> "soft";
          case RESET -> "reset";
        };
    run("chassis", "power", verb);
  }

  @Override
  public void bootOnce(BootDevice device) throws DriverException {
    String target = device == BootDevice.NETWORK ? "pxe" : "disk";
    try {
      run("chassis", "bootdev", target);
    } catch (DriverException e) {
      if (e.kind() == Kind.FAILED) {
        throw new DriverException(
            Kind.UNSUPPORTED, "BMC " + bmc + " cannot set the boot device: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /** Runs one ipmitool command and returns its standard output. */
  String run(String... command) throws DriverException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "ipmitool",
                "-I",
                "lanplus",
                "-C",
                "3",
                "-H",
                host,
                "-p",
                port,
                "-U",
                bmc.username(),
                "-E",
                "-N",
                "2",
                "-R",
                "3"));
    args.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(args);
    builder.environment().put("IPMI_PASSWORD", bmc.password());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path out = null;
    Path err = null;
    Process process = null;
    try {
      // Outputs go to files so that a hung ipmitool cannot block us past the timeout on a pipe.
      out = Files.createTempFile("ipmitool", ".out");
      err = Files.createTempFile("ipmitool", ".err");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new DriverException(
            Kind.UNREACHABLE, "ipmitool " + String.join(" ", command) + " timed out on " + bmc);
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        throw new DriverException(
            classify(stderr),
            "ipmitool " + String.join(" ", command) + " on " + bmc + " failed: " + stderr);
      }
      return stdout;
    } catch (IOException e) {
      throw new DriverException(Kind.FAILED, "cannot run ipmitool (is it installed?): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException(Kind.UNREACHABLE, "interrupted while waiting for ipmitool", e);
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }

  /** No session at all means the BMC did not answer; anything else is a refusal. */
  static Kind classify(String stderr) {
    String text = stderr.toLowerCase(Locale.ROOT);
    if (text.contains("unable to establish")
        && !text.contains("unauthorized")
        && !text.contains("rakp")) {
      return Kind.UNREACHABLE;
    }
    return Kind.FAILED;
  }
}
