package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.driver.DriverException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What the driver must remember about a machine across a daemon crash, in {@code state.properties}
 * in the machine's directory, replaced atomically (write, then rename).
 *
 * @param slot the machine's address on the bridge ({@code subnet.slot/256.slot%256})
 * @param sshPort the 127.0.0.1 port forwarded to its SSH
 * @param cgroup its cgroup directories, as created (the hierarchy may differ after a reboot)
 * @param session the deployed session, once its rootfs is complete: the machine's marker
 * @param hostname the host name inside
 * @param image the read-only image directory under its overlay (empty before the rootfs is made)
 * @param initPid the host pid of its init (PID 1 inside), 0 when never started
 * @param initStart that process's start time, so a reused pid is not mistaken for it
 */
record MachineState(
    int slot,
    int sshPort,
    String cgroup,
    Optional<String> session,
    String hostname,
    String image,
    long initPid,
    long initStart) {

  MachineState withSession(String sessionId, String name, String imageDir) {
    return new MachineState(
        slot, sshPort, cgroup, Optional.of(sessionId), name, imageDir, initPid, initStart);
  }

  MachineState withInit(long pid, long start) {
    return new MachineState(slot, sshPort, cgroup, session, hostname, image, pid, start);
  }

  String address(String subnet) {
    return subnet + "." + (slot >> 8) + "." + (slot & 0xff);
  }

  static Optional<MachineState> load(Path file) throws DriverException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
      String session = p.getProperty("session", "");
      return Optional.of(
          new MachineState(
              Integer.parseInt(p.getProperty("slot")),
              Integer.parseInt(p.getProperty("sshPort")),
              p.getProperty("cgroup", ""),
              session.isEmpty() ? Optional.empty() : Optional.of(session),
              p.getProperty("hostname", ""),
              p.getProperty("image", ""),
              Long.parseLong(p.getProperty("initPid", "0")),
              Long.parseLong(p.getProperty("initStart", "0"))));
    } catch (IOException | RuntimeException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "unreadable machine state " + file + ": " + e, e);
    }
  }

  void store(Path file) throws DriverException {
    Properties p = new Properties();
    p.setProperty("slot", Integer.toString(slot));
    p.setProperty("sshPort", Integer.toString(sshPort));
    p.setProperty("cgroup", cgroup);
    p.setProperty("session", session.orElse(""));
    p.setProperty("hostname", hostname);
    p.setProperty("image", image);
    p.setProperty("initPid", Long.toString(initPid));
    p.setProperty("initStart", Long.toString(initStart));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (Writer out = Files.newBufferedWriter(tmp)) {
        p.store(out, "netns machine state; written by host-daemon's netns driver");
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "cannot write machine state " + file + ": " + e, e);
    }
  }
}
