package io.xenia.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where {@code xenia login} keeps the broker's URL and the API key: a JSON file readable by its
 * owner only (0600, in a 0700 directory), by default {@code $XDG_CONFIG_HOME/xenia/config.json} or
 * {@code ~/.config/xenia/config.json}.
 *
 * @param api the broker's base URL
 * @param key the API key token
 */
public record CliConfig(URI api, String key) {
  /** The file used when no {@code --config} is given ({@code XENIA_CONFIG} overrides). */
  public static Path defaultPath(Map<String, String> env) {
    String explicit = env.get("XENIA_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("xenia").resolve("config.json");
  }

  /**
   * Reads the file.
   *
   * @throws NotLoggedIn if there is none
   */
  public static CliConfig load(Path file) {
    if (!Files.exists(file)) {
      throw new NotLoggedIn("not logged in (no " + file + "): run xenia login --api URL --key KEY");
    }
    try {
      JsonNode json = BrokerClient.JSON.readTree(file.toFile());
      String api = json.path("api").asText("");
      String key = json.path("key").asText("");
      if (api.isEmpty() || key.isEmpty()) {
        throw new NotLoggedIn(file + " has no api or key: run xenia login again");
      }
      return new CliConfig(URI.create(api), key);
    } catch (IOException | IllegalArgumentException e) {
      throw new NotLoggedIn("cannot read " + file + ": " + e.getMessage() + "; run xenia login");
    }
  }

  /**
   * Writes the file atomically, owner-only from its first byte (it holds a secret).
   *
   * @throws IOException if it cannot be written
   */
  public void store(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    ObjectNode json = BrokerClient.JSON.createObjectNode();
    json.put("api", api.toString());
    json.put("key", key);
    Path tmp =
        Files.createTempFile(
            dir,
            ".config-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(
          tmp, BrokerClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** No usable configuration: the user has to log in first. */
  public static final class NotLoggedIn extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotLoggedIn(String message) {
      super(message);
    }
  }
}
