package io.xenia.hostdaemon.inventory;

import io.xenia.hostdaemon.admission.MaintenanceWindow;
import io.xenia.hostdaemon.admission.OperatorPolicy;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.reconcile.FailureKind;
import io.xenia.hostdaemon.reconcile.RecoveryAction;
import io.xenia.hostdaemon.reconcile.RecoveryPolicy;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the inventory file (YAML; reference in docs/host-daemon.md, "Inventory file"). Every
 * problem is an {@link InventoryException} naming the file, line and field.
 */
public final class InventoryLoader {
  private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

  private InventoryLoader() {}

  /** Reads and validates a file; a relative {@code dataDir} is taken from the file's directory. */
  public static Inventory load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InventoryException("cannot read inventory " + file + ": " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, file.getFileName().toString(), base);
  }

  /**
   * Parses inventory text.
   *
   * @param source the name used in errors
   * @param base the directory a relative {@code dataDir} is resolved against
   */
  public static Inventory parse(String text, String source, Path base) {
    Node node;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      node = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new InventoryException(
          source + " line " + line + ": not valid YAML: " + e.getProblem(), e);
    } catch (RuntimeException e) {
      throw new InventoryException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (node == null) {
      throw new InventoryException(source + ": the file is empty");
    }
    YamlField root = YamlField.root(source, node);
    DaemonSettings daemon = daemon(root.mapping("daemon"), base);
    Optional<YamlField> defaults = root.optionalMapping("defaults");
    List<InventoryMachine> machines = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<YamlField> listed = root.list("machines");
    if (listed.isEmpty()) {
      throw root.error("\"machines\" must list at least one machine");
    }
    for (YamlField m : listed) {
      InventoryMachine machine = machine(m, defaults);
      if (!ids.add(machine.id())) {
        throw m.error("machine id \"" + machine.id() + "\" appears twice");
      }
      machines.add(machine);
    }
    // Defaults are read per machine only where a machine lacks the key: touch them all so that
    // finish() refuses only keys that are truly unknown.
    defaults.ifPresent(
        d -> {
          d.optional("driver");
          d.optional("prices");
          d.optional("location");
          d.optional("settings");
          d.finish();
        });
    root.finish();
    return new Inventory(daemon, machines);
  }

  private static DaemonSettings daemon(YamlField d, Path base) {
    Path dataDir = base.resolve(d.string("dataDir")).normalize();
    Optional<URI> broker = d.optionalParsed("brokerUrl", "an http(s) URL", InventoryLoader::url);
    Duration interval =
        Duration.ofMillis(d.optionalInteger("reconcileIntervalMs", 10, 3_600_000).orElse(1000L));
    long cacheMiB = d.optionalInteger("imageCacheMiB", 1, 1L << 30).orElse(10_240L);
    Duration claimTimeout =
        Duration.ofSeconds(d.optionalInteger("claimTimeoutSeconds", 1, 86_400).orElse(600L));
    OperatorPolicy policy =
        d.optionalMapping("policy").map(InventoryLoader::policy).orElse(OperatorPolicy.open());
    RecoveryPolicy recovery =
        d.optionalMapping("recovery")
            .map(InventoryLoader::recovery)
            .orElse(RecoveryPolicy.defaults());
    NetworkSettings network = network(d);
    d.finish();
    return new DaemonSettings(
        dataDir, broker, interval, cacheMiB << 20, claimTimeout, policy, recovery, network);
  }

  private static NetworkSettings network(YamlField d) {
    NetworkSettings n = NetworkSettings.defaults();
    InetSocketAddress controlBind = n.controlBind();
    Optional<YamlField> api = d.optionalMapping("controlApi");
    if (api.isPresent()) {
      controlBind =
          api.get()
              .optionalParsed("bind", "host:port", NetworkSettings::hostPort)
              .orElse(controlBind);
      api.get().finish();
    }
    InetSocketAddress dhtBind = n.dhtBind();
    List<InetSocketAddress> seeds = new ArrayList<>();
    Optional<Ed25519PublicKey> ca = Optional.empty();
    Optional<YamlField> dht = d.optionalMapping("dht");
    if (dht.isPresent()) {
      dhtBind =
          dht.get().optionalParsed("bind", "host:port", NetworkSettings::hostPort).orElse(dhtBind);
      for (YamlField seed : dht.get().list("seeds")) {
        seeds.add(seed.as("host:port", NetworkSettings::hostPort));
      }
      ca =
          dht.get()
              .optionalParsed(
                  "caPublicKey", "an Ed25519 public key in hex", Ed25519PublicKey::fromHex);
      dht.get().finish();
    }
    Optional<String> owner = Optional.empty();
    Duration ttl = n.advertisementTtl();
    Optional<YamlField> ads = d.optionalMapping("advertise");
    if (ads.isPresent()) {
      owner =
          ads.get().optionalParsed("ownerAccountId", "an account id", InventoryLoader::machineId);
      ttl =
          Duration.ofSeconds(
              ads.get()
                  .optionalInteger("ttlSeconds", 2, Advertisement.MAX_TTL_SECONDS)
                  .orElse(ttl.toSeconds()));
      ads.get().finish();
    }
    return new NetworkSettings(controlBind, dhtBind, seeds, ca, owner, ttl);
  }

  private static OperatorPolicy policy(YamlField p) {
    Optional<Money> min =
        p.optionalParsed(
            "minimumPricePerHour", "a price like \"EUR 0.50\"", InventoryLoader::money);
    Set<String> allowed = Set.copyOf(p.strings("allowedCustomers"));
    Set<String> blocked = Set.copyOf(p.strings("blockedCustomers"));
    List<MaintenanceWindow> windows = new ArrayList<>();
    for (YamlField w : p.list("maintenanceWindows")) {
      Instant start =
          w.parsed("start", "an RFC 3339 instant like 2026-12-01T00:00:00Z", Instant::parse);
      Instant end =
          w.parsed("end", "an RFC 3339 instant like 2026-12-01T04:00:00Z", Instant::parse);
      if (!end.isAfter(start)) {
        throw w.error("end " + end + " must be after start " + start);
      }
      w.finish();
      windows.add(new MaintenanceWindow(start, end));
    }
    p.finish();
    return new OperatorPolicy(min, allowed, blocked, windows);
  }

  private static RecoveryPolicy recovery(YamlField r) {
    RecoveryPolicy d = RecoveryPolicy.defaults();
    Map<FailureKind, RecoveryAction> actions = new EnumMap<>(d.actions());
    Map<String, FailureKind> keys = new LinkedHashMap<>();
    keys.put("unreachable", FailureKind.UNREACHABLE);
    keys.put("timeout", FailureKind.TIMEOUT);
    keys.put("failed", FailureKind.FAILED);
    keys.put("deploymentLost", FailureKind.DEPLOYMENT_LOST);
    keys.forEach(
        (key, kind) ->
            r.optionalParsed(
                    key,
                    "one of retry, reprovision, fail",
                    s -> RecoveryAction.valueOf(s.toUpperCase(Locale.ROOT)))
                .ifPresent(a -> actions.put(kind, a)));
    int max = (int) (long) r.optionalInteger("maxAttempts", 1, 1000).orElse((long) d.maxAttempts());
    long initial =
        r.optionalInteger("backoffInitialMs", 0, 86_400_000).orElse(d.backoffInitial().toMillis());
    long maxMs = r.optionalInteger("backoffMaxMs", 0, 86_400_000).orElse(d.backoffMax().toMillis());
    if (maxMs < initial) {
      throw r.error("backoffMaxMs " + maxMs + " is below backoffInitialMs " + initial);
    }
    r.finish();
    return new RecoveryPolicy(actions, max, Duration.ofMillis(initial), Duration.ofMillis(maxMs));
  }

  private static InventoryMachine machine(YamlField m, Optional<YamlField> defaults) {
    String id =
        m.parsed("id", "1-128 letters, digits, '.', '_' or '-'", InventoryLoader::machineId);
    String driver =
        m.optionalString("driver")
            .or(() -> defaults.flatMap(d -> d.optionalString("driver")))
            .orElseThrow(() -> m.error("missing required key \"driver\" (and no defaults.driver)"));
    Optional<Bmc> bmc = m.optionalMapping("bmc").map(InventoryLoader::bmc);
    Optional<String> mac =
        m.optionalParsed(
            "bootMac",
            "a MAC address like 52:54:00:12:34:56",
            s -> {
              String lower = s.toLowerCase(Locale.ROOT);
              if (!MAC.matcher(lower).matches()) {
                throw new IllegalArgumentException("six hex pairs joined by ':'");
              }
              return lower;
            });
    // The bare-metal drivers are named after the BMC protocol they speak: a machine whose BMC
    // speaks the other one (or none) would fail every call, so it is refused here, with its line.
    for (Bmc.Protocol protocol : Bmc.Protocol.values()) {
      String kind = protocol.name().toLowerCase(Locale.ROOT);
      if (driver.equals(kind) && (bmc.isEmpty() || bmc.get().protocol() != protocol)) {
        throw m.error(
            "driver "
                + kind
                + " drives machines through a "
                + kind
                + " BMC, but bmc.protocol is "
                + bmc.map(x -> x.protocol().name().toLowerCase(Locale.ROOT)).orElse("missing"));
      }
    }
    Facts facts = facts(m.mapping("facts"));
    PriceList prices =
        m.optionalMapping("prices")
            .or(() -> defaults.flatMap(d -> d.optionalMapping("prices")))
            .map(InventoryLoader::prices)
            .orElseThrow(() -> m.error("missing required key \"prices\" (and no defaults.prices)"));
    Location location =
        m.optionalMapping("location")
            .or(() -> defaults.flatMap(d -> d.optionalMapping("location")))
            .map(InventoryLoader::location)
            .orElseThrow(
                () -> m.error("missing required key \"location\" (and no defaults.location)"));
    Map<String, String> settings = new TreeMap<>();
    defaults
        .flatMap(d -> d.optionalMapping("settings"))
        .ifPresent(s -> settings.putAll(strings(s)));
    m.optionalMapping("settings").ifPresent(s -> settings.putAll(strings(s)));
    m.finish();
    return new InventoryMachine(
        new MachineSpec(id, driver, bmc, mac, facts, settings), prices, location);
  }

  private static Map<String, String> strings(YamlField s) {
    Map<String, String> out = new TreeMap<>();
    for (String key : s.keys()) {
      out.put(key, s.string(key));
    }
    return out;
  }

  private static Bmc bmc(YamlField b) {
    Bmc.Protocol protocol =
        b.parsed(
            "protocol", "ipmi or redfish", s -> Bmc.Protocol.valueOf(s.toUpperCase(Locale.ROOT)));
    String address = b.string("address");
    String user = b.string("username");
    String password = b.string("password");
    b.finish();
    return new Bmc(protocol, address, user, password);
  }

  private static Facts facts(YamlField f) {
    int cpu = (int) f.integer("cpuCores", 1, Integer.MAX_VALUE);
    long mem = f.integer("memoryMiB", 1, Long.MAX_VALUE >> 20);
    long disk = f.optionalInteger("diskGiB", 0, Long.MAX_VALUE >> 30).orElse(0L);
    long net = f.optionalInteger("networkMbps", 0, 1L << 40).orElse(0L);
    int gpus = (int) (long) f.optionalInteger("gpuCount", 0, 1024).orElse(0L);
    String gpuModel = f.optionalString("gpuModel").orElse("");
    if (gpus == 0 && !gpuModel.isEmpty()) {
      throw f.error("gpuModel is set but gpuCount is 0");
    }
    int nics = (int) (long) f.optionalInteger("nics", 0, 1024).orElse(1L);
    Set<String> tee = Set.copyOf(f.strings("teeKinds"));
    f.finish();
    Resources resources;
    try {
      resources = new Resources(cpu, mem, disk, net, gpus, gpuModel);
    } catch (IllegalArgumentException e) {
      throw f.error(e.getMessage());
    }
    return new Facts(resources, nics, tee);
  }

  private static PriceList prices(YamlField p) {
    String currency = p.string("currency");
    Money perHour =
        p.parsed("perHour", "a non-negative decimal amount", s -> Money.parse(currency, s));
    TreeMap<String, Money> perUnit = new TreeMap<>();
    p.optionalMapping("perUnit")
        .ifPresent(
            u -> {
              for (String unit : u.keys()) {
                perUnit.put(
                    unit,
                    u.parsed(unit, "a non-negative decimal amount", s -> Money.parse(currency, s)));
              }
            });
    p.finish();
    try {
      return new PriceList(perHour.currency(), perHour, perUnit);
    } catch (IllegalArgumentException e) {
      throw p.error(e.getMessage());
    }
  }

  private static Location location(YamlField l) {
    String region = l.string("region");
    Optional<String> geohash = l.optionalString("geohash");
    l.finish();
    try {
      return new Location(region, geohash);
    } catch (IllegalArgumentException e) {
      throw l.error(e.getMessage());
    }
  }

  private static Money money(String s) {
    String[] parts = s.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException("a currency code and an amount");
    }
    return Money.parse(parts[0], parts[1]);
  }

  private static URI url(String s) {
    URI u = URI.create(s);
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw new IllegalArgumentException("http or https");
    }
    return u;
  }

  private static String machineId(String s) {
    if (!s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException("not an id");
    }
    return s;
  }
}
