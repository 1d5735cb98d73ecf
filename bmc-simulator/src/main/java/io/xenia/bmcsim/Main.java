package io.xenia.bmcsim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a Redfish BMC for QEMU machines until killed:
 *
 * <pre>
 * java -cp ... io.xenia.bmcsim.Main --listen 127.0.0.1:8443 --user admin --password secret \
 *     --machine id=m1,dir=/var/lib/xenia/qemu/m1,mac=52:54:00:00:00:01,ssh=22001[,meter=22101][,cpus=1][,memory=256]
 * </pre>
 *
 * Each machine is laid out as {@link QemuMachine#inDirectory} says (the qemu driver's machine
 * directory); {@code meter} is the UDP port that gets a copy of its frames (the driver's {@code
 * meterPort} setting), none when absent.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String listen = "127.0.0.1:0";
    String user = null;
    String password = null;
    List<QemuSystem> machines = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        usage("missing value after " + args[i]);
      }
      switch (args[i]) {
        case "--listen" -> listen = value;
        case "--user" -> user = value;
        case "--password" -> password = value;
        case "--machine" -> machines.add(machine(value));
        default -> usage("unknown option " + args[i]);
      }
      i++;
    }
    if (user == null || password == null || machines.isEmpty()) {
      usage("--user, --password and at least one --machine are required");
    }
    int colon = listen.lastIndexOf(':');
    InetSocketAddress bind =
        new InetSocketAddress(
            listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
    RedfishServer server = new RedfishServer(bind, user, password, List.copyOf(machines));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  machines.forEach(QemuSystem::destroy);
                }));
    System.out.println("redfish " + server.baseUrl() + "/redfish/v1/");
    new CountDownLatch(1).await();
  }

  private static QemuSystem machine(String spec) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq < 1) {
        usage("--machine takes key=value pairs: " + spec);
      }
      fields.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    for (String key : List.of("id", "dir", "mac", "ssh")) {
      if (!fields.containsKey(key)) {
        usage("--machine needs " + key + ": " + spec);
      }
    }
    QemuMachine machine =
        QemuMachine.inDirectory(
            Path.of(fields.get("dir")),
            fields.get("id"),
            fields.get("mac"),
            Integer.parseInt(fields.get("ssh")),
            Integer.parseInt(fields.getOrDefault("meter", "0")),
            Integer.parseInt(fields.getOrDefault("cpus", "1")),
            Long.parseLong(fields.getOrDefault("memory", "256")),
            List.of());
    return new QemuSystem(fields.get("id"), machine, Duration.ofSeconds(20));
  }

  private static void usage(String why) {
    System.err.println(why);
    System.err.println(
        "usage: Main --listen HOST:PORT --user U --password P"
            + " --machine id=ID,dir=DIR,mac=MAC,ssh=PORT[,meter=PORT][,cpus=N][,memory=MiB] ...");
    System.exit(2);
  }
}
