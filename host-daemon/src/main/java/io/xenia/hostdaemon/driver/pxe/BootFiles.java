package io.xenia.hostdaemon.driver.pxe;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The files the network-boot drivers (qemu, ipmi, redfish) boot machines with, built once per
 * directory by {@code build-images.sh} from Debian packages: a Debian kernel, a busybox + dropbear
 * initrd that is the deploy ramdisk (kernel argument {@code xenia.mode=deploy}) and otherwise a
 * minimal customer OS, and a whole-disk image (SYSLINUX, FAT boot partition, ext4 root partition)
 * that the driver deploys when a deployment names no image, and that tests deploy as a customer's
 * DISK_RAW image.
 *
 * @param kernel the deploy kernel ({@code vmlinuz})
 * @param initrd the deploy ramdisk ({@code initrd.gz})
 * @param diskImage the default whole-disk image ({@code disk.raw})
 */
public record BootFiles(Path kernel, Path initrd, Path diskImage) {
  private static final Object BUILD_LOCK = new Object();

  public BootFiles {
    requireNonNull(kernel, "kernel is null");
    requireNonNull(initrd, "initrd is null");
    requireNonNull(diskImage, "diskImage is null");
  }

  /**
   * The files under {@code cacheRoot}, built there first when missing (about 20 s; needs apt-get).
   * They live in a subdirectory named by the build script's digest, so that changing the script
   * rebuilds them instead of reusing stale ones.
   */
  public static BootFiles ensure(Path cacheRoot) throws IOException {
    byte[] script;
    try (InputStream in = BootFiles.class.getResourceAsStream("build-images.sh")) {
      if (in == null) {
        throw new IOException("build-images.sh is missing from the classpath");
      }
      script = in.readAllBytes();
    }
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
    Path dir = cacheRoot.resolve(digest.substring(0, 12));
    BootFiles files =
        new BootFiles(dir.resolve("vmlinuz"), dir.resolve("initrd.gz"), dir.resolve("disk.raw"));
    synchronized (BUILD_LOCK) {
      if (Files.isRegularFile(files.kernel())
          && Files.isRegularFile(files.initrd())
          && Files.isRegularFile(files.diskImage())) {
        return files;
      }
      Files.createDirectories(dir);
      Path scriptFile = dir.resolve("build-images.sh");
      Files.write(scriptFile, script);
      Files.setPosixFilePermissions(scriptFile, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path log = dir.resolve("build-images.log");
      Process process =
          new ProcessBuilder("bash", scriptFile.toString(), dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IOException(
              "building the network boot files in "
                  + dir
                  + " failed: "
                  + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while building the network boot files", e);
      }
      return files;
    }
  }
}
