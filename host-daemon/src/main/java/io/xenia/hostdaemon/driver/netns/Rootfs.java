package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.DriverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A machine's root file system: a fresh copy per deployment of the default image (busybox +
 * dropbear), or an unpacked ROOTFS_TAR, plus the driver's own tooling under {@code /.xenia}.
 *
 * <p>{@code /.xenia} holds a static busybox, dropbear with its own libraries (run with {@code
 * LD_LIBRARY_PATH=/.xenia/lib}, so that it does not depend on what the customer's image has), the
 * machine's init script and the session marker. The default image's commands are links to {@code
 * /.xenia/busybox}. Copies, never hard links: root in one machine must not be able to change a file
 * another machine (or the host) runs.
 */
final class Rootfs {
  static final String TOOLS = ".xenia";
  private static final Pattern LIB = Pattern.compile("(/\\S+\\.so[.\\d]*)");
  private static final String LOADER = "lib64/ld-linux-x86-64.so.2";
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Path DROPBEAR = Path.of("/usr/sbin/dropbear");

  private Rootfs() {}

  /** The default image, built once per state directory into {@code images/default}. */
  static Path defaultTemplate(Path stateDir) throws DriverException {
    Path template = stateDir.resolve("images").resolve("default");
    if (Files.isDirectory(template)) {
      return template;
    }
    Path building = stateDir.resolve("images").resolve("default.building");
    try {
      deleteTree(building);
      Files.createDirectories(building);
      installTools(building);
      for (String dir :
          List.of(
              "bin",
              "sbin",
              "usr/bin",
              "usr/sbin",
              "etc/dropbear",
              "root",
              "proc",
              "dev",
              "tmp",
              "var/log")) {
        Files.createDirectories(building.resolve(dir));
      }
      Files.setPosixFilePermissions(
          building.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setPosixFilePermissions(
          building.resolve("root"), PosixFilePermissions.fromString("rwx------"));
      for (String applet : Commands.run(List.of(BUSYBOX.toString(), "--list-full")).split("\n")) {
        Path link = building.resolve(applet.strip());
        if (!applet.isBlank() && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(link.getParent());
          Files.createSymbolicLink(link, Path.of("/" + TOOLS + "/busybox"));
        }
      }
      Files.writeString(building.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
      Files.writeString(building.resolve("etc/group"), "root:x:0:\n");
      Files.writeString(building.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
      Files.setPosixFilePermissions(
          building.resolve("etc/shadow"), PosixFilePermissions.fromString("rw-------"));
      Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
      return template;
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot build the default image: " + e, e);
    }
  }

  /** Puts busybox, dropbear, its libraries, the loader (if missing) and init into {@code root}. */
  private static void installTools(Path root) throws IOException, DriverException {
    Path tools = root.resolve(TOOLS);
    Path lib = tools.resolve("lib");
    Files.createDirectories(lib);
    Files.copy(BUSYBOX, tools.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(DROPBEAR, tools.resolve("dropbear"), StandardCopyOption.REPLACE_EXISTING);
    String ldd = Commands.run(List.of("ldd", DROPBEAR.toString()));
    Matcher m = LIB.matcher(ldd);
    while (m.find()) {
      Path source = Path.of(m.group(1));
      Files.copy(source, lib.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    Path loader = root.resolve(LOADER);
    if (!Files.exists(loader, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(loader.getParent());
      Files.copy(Path.of("/").resolve(LOADER), loader);
    }
    Files.writeString(tools.resolve("init"), INIT, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(
        tools.resolve("init"), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * Builds {@code rootfs} afresh: the image (default template or tarball), the tools, the host
   * name, the customer's keys and the session marker, written last so that a rootfs with a marker
   * is a complete one.
   */
  static void build(
      Path rootfs,
      Path stateDir,
      Optional<BootImage> image,
      String hostname,
      List<String> keys,
      String session)
      throws DriverException {
    try {
      deleteTree(rootfs);
      Files.createDirectories(rootfs);
      if (image.isEmpty()) {
        Commands.run(
            List.of(
                "cp", "-a", "--reflink=auto", defaultTemplate(stateDir) + "/.", rootfs.toString()));
      } else {
        BootImage img = image.get();
        if (img.kind() != BootImage.Kind.ROOTFS_TAR) {
          throw new DriverException(
              DriverException.Kind.UNSUPPORTED,
              "netns machines boot ROOTFS_TAR images, not " + img.kind());
        }
        Commands.run(
            List.of(
                "tar",
                "-x",
                "--numeric-owner",
                "-f",
                img.file().toString(),
                "-C",
                rootfs.toString()));
        installTools(rootfs);
        if (!Files.exists(rootfs.resolve("bin/sh"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(rootfs.resolve("bin"));
          Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("/" + TOOLS + "/busybox"));
        }
        Path passwd = rootfs.resolve("etc/passwd");
        Files.createDirectories(passwd.getParent());
        if (!Files.exists(passwd)
            || !Files.readString(passwd).startsWith("root:")
                && !Files.readString(passwd).contains("\nroot:")) {
          Files.writeString(
              passwd,
              "root:x:0:0:root:/root:/bin/sh\n",
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
        }
      }
      Files.writeString(rootfs.resolve("etc/hostname"), hostname + "\n");
      Path ssh = rootfs.resolve("root/.ssh");
      Files.createDirectories(ssh);
      Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
      Path authorized = ssh.resolve("authorized_keys");
      Files.writeString(authorized, String.join("\n", keys) + "\n");
      Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(rootfs.resolve(TOOLS).resolve("session"), session + "\n");
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot build rootfs " + rootfs + ": " + e, e);
    }
  }

  /** The session the rootfs was completed for, if it was. */
  static Optional<String> marker(Path rootfs) {
    try {
      return Optional.of(Files.readString(rootfs.resolve(TOOLS).resolve("session")).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Bytes of regular files under {@code root}, never following links out of it. */
  static long size(Path root) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    long[] total = {0};
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                total[0] += attrs.size();
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // Counted what could be read.
    }
    return total[0];
  }

  /**
   * Removes a tree with {@code rm -rf --one-file-system}: it never follows links and never descends
   * into a mount, so a customer's symlink or a leftover mount cannot make it erase host files.
   */
  static void deleteTree(Path dir) throws DriverException {
    if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Commands.run(List.of("rm", "-rf", "--one-file-system", "--", dir.toString()));
    }
  }

  /** The commands that start a machine, run on the host as PID 1 of its new namespaces. */
  static List<String> stage0(Path rootfs) {
    List<String> command = new ArrayList<>();
    command.add("/bin/sh");
    command.add("-c");
    // pivot_root rather than chroot: the old root is unmounted inside the machine, so there is no
    // path back to the host's files from in there.
    command.add(
        "set -e; mount --bind \"$0\" \"$0\"; cd \"$0\"; mkdir -p "
            + TOOLS
            + "/oldroot; pivot_root . "
            + TOOLS
            + "/oldroot; exec /"
            + TOOLS
            + "/busybox chroot . /"
            + TOOLS
            + "/busybox sh /"
            + TOOLS
            + "/init");
    command.add(rootfs.toString());
    return command;
  }

  /**
   * PID 1 of a machine: mounts /proc, a private /dev and devpts, sets the host name, runs dropbear
   * (keys only, no passwords) and reaps. SIGTERM (SOFT_OFF) stops everything and exits, which ends
   * the PID namespace.
   */
  static final String INIT =
      """
      #!/.xenia/busybox sh
      B=/.xenia/busybox
      $B umount -l /.xenia/oldroot && $B rmdir /.xenia/oldroot
      $B mkdir -p /proc /dev /tmp /etc/dropbear /root
      $B mount -t proc proc /proc
      $B mount -t tmpfs -o mode=755,size=1m dev /dev
      $B mknod -m 666 /dev/null c 1 3
      $B mknod -m 666 /dev/zero c 1 5
      $B mknod -m 666 /dev/random c 1 8
      $B mknod -m 666 /dev/urandom c 1 9
      $B mknod -m 666 /dev/tty c 5 0
      $B mkdir /dev/pts
      $B mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
      $B ln -s pts/ptmx /dev/ptmx
      $B hostname -F /etc/hostname
      trap '$B kill -TERM -1; exit 0' TERM
      LD_LIBRARY_PATH=/.xenia/lib /.xenia/dropbear -R -F -E -s -p 22 &
      while :; do wait; $B sleep 1; done
      """;
}
