package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.DriverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * A machine's root file system: an overlay of a fresh writable layer per deployment over a
 * read-only image, the default one (busybox + dropbear) or an unpacked ROOTFS_TAR, both with the
 * driver's own tooling under {@code /.xenia}.
 *
 * <p>{@code /.xenia} holds a static busybox, dropbear with its own libraries (run with {@code
 * LD_LIBRARY_PATH=/.xenia/lib}, so that it does not depend on what the customer's image has), the
 * machine's init script and the session marker. The default image's commands are links to {@code
 * /.xenia/busybox}. The image holds copies, never hard links of host files, so that nothing a
 * machine could reach is the host's own binary.
 */
final class Rootfs {
  static final String TOOLS = ".xenia";
  private static final Pattern LIB = Pattern.compile("(/\\S+\\.so[.\\d]*)");
  private static final String LOADER = "lib64/ld-linux-x86-64.so.2";
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Path DROPBEAR = Path.of("/usr/sbin/dropbear");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private static final String[][] DEVICES = {
    {"null", "1", "3"},
    {"zero", "1", "5"},
    {"random", "1", "8"},
    {"urandom", "1", "9"},
    {"tty", "5", "0"}
  };

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
        if (!applet.isBlank() && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(link.getParent());
          Files.createSymbolicLink(link, Path.of("/" + TOOLS + "/busybox"));
        }
      }
      // The default image carries its device nodes (the mount over them is the machine's own
      // overlay), so init need not make them at every boot.
      for (String[] node : DEVICES) {
        Commands.run(
            List.of(
                "mknod",
                "-m",
                "666",
                building.resolve("dev").resolve(node[0]).toString(),
                "c",
                node[1],
                node[2]));
      }
      Files.createDirectories(building.resolve("dev/pts"));
      Files.createSymbolicLink(building.resolve("dev/ptmx"), Path.of("pts/ptmx"));
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
    for (Path binary : List.of(DROPBEAR, SETPRIV)) {
      Files.copy(binary, tools.resolve(binary.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      Matcher m = LIB.matcher(Commands.run(List.of("ldd", binary.toString())));
      while (m.find()) {
        Path source = Path.of(m.group(1));
        Files.copy(source, lib.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path loader = root.resolve(LOADER);
    if (!Files.exists(loader, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(loader.getParent());
      Files.copy(Path.of("/").resolve(LOADER), loader);
    }
    Files.writeString(tools.resolve("init"), INIT, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(
        tools.resolve("init"), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * The read-only image a machine's overlay sits on: the default image, or a ROOTFS_TAR unpacked
   * once per digest into {@code images/<sha256>} with the tools added. Callers hold the state lock.
   */
  static Path image(Path stateDir, Optional<BootImage> image) throws DriverException {
    if (image.isEmpty()) {
      return defaultTemplate(stateDir);
    }
    BootImage img = image.get();
    if (img.kind() != BootImage.Kind.ROOTFS_TAR) {
      throw new DriverException(
          DriverException.Kind.UNSUPPORTED,
          "netns machines boot ROOTFS_TAR images, not " + img.kind());
    }
    if (!img.sha256().matches("[0-9a-f]{64}")) {
      throw new DriverException(
          DriverException.Kind.FAILED, "image sha256 must be 64 hex digits: " + img.sha256());
    }
    Path dir = stateDir.resolve("images").resolve(img.sha256());
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Path building = stateDir.resolve("images").resolve(img.sha256() + ".building");
    try {
      deleteTree(building);
      Files.createDirectories(building);
      Commands.run(
          List.of(
              "tar",
              "-x",
              "--numeric-owner",
              "-f",
              img.file().toString(),
              "-C",
              building.toString()));
      installTools(building);
      if (!Files.exists(building.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(building.resolve("bin"));
        Files.createSymbolicLink(building.resolve("bin/sh"), Path.of("/" + TOOLS + "/busybox"));
      }
      Path passwd = building.resolve("etc/passwd");
      Files.createDirectories(passwd.getParent());
      String users = Files.exists(passwd) ? Files.readString(passwd) : "";
      if (!("\n" + users).contains("\nroot:")) {
        Files.writeString(passwd, users + "root:x:0:0:root:/root:/bin/sh\n");
      }
      Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot unpack image " + img.sha256() + ": " + e, e);
    }
  }

  /**
   * Makes the machine's writable layer afresh over its image: the host name, the customer's keys
   * and the session marker, written last so that a layer with a marker is a complete one. The image
   * itself is never written: overlayfs copies a file up into this layer when the machine changes
   * it, so this layer is everything the customer left.
   */
  static void prepare(MachineNames names, String hostname, List<String> keys, String session)
      throws DriverException {
    try {
      deleteTree(names.upper());
      deleteTree(names.work());
      deleteTree(names.rootfs());
      Files.createDirectories(names.work());
      Files.createDirectories(names.rootfs());
      Path upper = names.upper();
      Files.createDirectories(upper.resolve("etc"));
      Files.createDirectories(upper.resolve(TOOLS));
      Files.writeString(upper.resolve("etc/hostname"), hostname + "\n");
      Path home = upper.resolve("root");
      Files.createDirectories(home);
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
      Path ssh = home.resolve(".ssh");
      Files.createDirectories(ssh);
      Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
      Path authorized = ssh.resolve("authorized_keys");
      Files.writeString(authorized, String.join("\n", keys) + "\n");
      Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(upper.resolve(TOOLS).resolve("session"), session + "\n");
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot prepare rootfs of " + names.dir() + ": " + e, e);
    }
  }

  /** The session the machine's layer was completed for, if it was. */
  static Optional<String> marker(MachineNames names) {
    try {
      return Optional.of(Files.readString(names.upper().resolve(TOOLS).resolve("session")).strip());
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
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Commands.run(List.of("rm", "-rf", "--one-file-system", "--", dir.toString()));
    }
  }

  /** The commands that start a machine, run on the host as PID 1 of its new namespaces. */
  static List<String> stage0(MachineNames names, Path image) {
    List<String> command = new ArrayList<>();
    command.add("/bin/sh");
    command.add("-c");
    // The overlay is mounted inside the machine's own mount namespace: the host never sees it and
    // it disappears with the machine, so a crash cannot leak a mount. pivot_root rather than
    // chroot: the old root is unmounted inside, so there is no path back to the host's files.
    command.add(
        "set -e; mount -t overlay overlay -o \"lowerdir=$1,upperdir=$2,workdir=$3\" \"$0\"; cd \"$0\"; mkdir -p "
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
    command.add(names.rootfs().toString());
    command.add(image.toString());
    command.add(names.upper().toString());
    command.add(names.work().toString());
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
      # Every command through our own busybox: the image may have none of them. A step that
      # confines the machine failing stops the boot rather than leaving it unconfined.
      B=/.xenia/busybox
      $B umount -l /.xenia/oldroot && $B rmdir /.xenia/oldroot || exit 1
      $B mkdir -p /proc /dev /tmp /etc/dropbear /root
      $B mount -t proc proc /proc || exit 1
      if [ ! -c /dev/null ]; then
        $B mount -t tmpfs -o mode=755,size=1m dev /dev || exit 1
        $B mknod -m 666 /dev/null c 1 3
        $B mknod -m 666 /dev/zero c 1 5
        $B mknod -m 666 /dev/random c 1 8
        $B mknod -m 666 /dev/urandom c 1 9
        $B mknod -m 666 /dev/tty c 5 0
      fi
      $B mkdir -p /dev/pts
      $B mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts || exit 1
      [ -e /dev/ptmx ] || $B ln -s pts/ptmx /dev/ptmx
      $B hostname -F /etc/hostname
      # Host-wide knobs stay out of reach: /proc/sys read-only, no sysrq (Docker's masks, in short).
      $B mount --bind /proc/sys /proc/sys && $B mount -o remount,bind,ro /proc/sys || exit 1
      [ ! -e /proc/sysrq-trigger ] || $B mount --bind /dev/null /proc/sysrq-trigger || exit 1
      trap '$B kill -TERM -1; exit 0' TERM
      # The customer is root, but without the capabilities that reach past the namespaces: no
      # mounts (and so no undoing the masks above or remounting cgroups), no device nodes, no
      # modules, no raw IO, no open_by_handle_at, no host clock, no BPF.
      LD_LIBRARY_PATH=/.xenia/lib /.xenia/setpriv --bounding-set -sys_admin,-sys_module,-sys_rawio,-sys_boot,-sys_time,-mknod,-dac_read_search,-syslog,-mac_admin,-mac_override,-audit_control,-audit_read,-bpf,-perfmon,-wake_alarm,-block_suspend,-sys_chroot,-setfcap \\
        /.xenia/dropbear -R -F -E -s -p 22 &
      while :; do wait; $B sleep 1; done
      """;
}
