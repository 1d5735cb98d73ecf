package io.xenia.hostdaemon.driver.pxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot server over real HTTP on 127.0.0.1: network boot files, scripts and the job protocol.
 */
class BootServerTest {
  @TempDir Path dir;
  private BootServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("vmlinuz"), "kernel");
    Files.writeString(dir.resolve("initrd.gz"), "initrd");
    Files.writeString(dir.resolve("disk.raw"), "disk");
    Files.createDirectories(dir.resolve("pxe"));
    Files.writeString(dir.resolve("pxe/52-54-00-00-00-01.ipxe"), "#!ipxe\nexit\n");
    Files.writeString(dir.resolve("secret"), "not for machines");
    server =
        new BootServer(
            new BootFiles(
                dir.resolve("vmlinuz"), dir.resolve("initrd.gz"), dir.resolve("disk.raw")),
            new InetSocketAddress("127.0.0.1", 0),
            Optional.of(dir.resolve("pxe")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theBootFileChainsToThePerMacScriptOnTheAddressTheMachineUsed() throws Exception {
    HttpResponse<String> boot = get("/boot.ipxe");
    assertEquals(200, boot.statusCode());
    assertEquals(
        "#!ipxe\nchain http://127.0.0.1:"
            + server.port()
            + "/pxe/${netX/mac:hexhyp}.ipxe || exit\n",
        boot.body());
    assertEquals("#!ipxe\nexit\n", get("/pxe/52-54-00-00-00-01.ipxe").body());
    // Unknown machines, other names and escapes from the directory are 404: iPXE exits to disk.
    assertEquals(404, get("/pxe/52-54-00-00-00-02.ipxe").statusCode());
    assertEquals(404, get("/pxe/..%2Fsecret").statusCode());
    assertEquals(404, get("/pxe/boot.ipxe").statusCode());
    assertEquals("kernel", get("/deploy/vmlinuz").body());
  }

  @Test
  void aWipeJobReportsTheBytesItZeroedAndAFailureItsReason() throws Exception {
    BootServer.Job wipe = BootServer.Job.wipe();
    String token = server.add(wipe);
    assertEquals(
        200, get("/jobs/" + token + "/session").statusCode(), "the ramdisk's liveness check");
    assertEquals(200, get("/jobs/" + token + "/done?bytes=83886080").statusCode());
    assertEquals(83_886_080L, wipe.outcome.get(1, TimeUnit.SECONDS));

    BootServer.Job failing = BootServer.Job.wipe();
    String other = server.add(failing);
    get("/jobs/" + other + "/failed?why=no+disk+%2Fdev%2Fsda");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> failing.outcome.get(1, TimeUnit.SECONDS));
    assertEquals("ramdisk: no disk /dev/sda", e.getCause().getMessage());

    server.remove(token);
    assertEquals(404, get("/jobs/" + token + "/session").statusCode(), "a finished job is gone");
    assertTrue(get("/jobs/" + "0".repeat(32) + "/image").body().contains("no such job"));
  }

  @Test
  void withoutAScriptsDirectoryNetworkBootIsNotServed() throws Exception {
    server.close();
    server =
        new BootServer(
            new BootFiles(
                dir.resolve("vmlinuz"), dir.resolve("initrd.gz"), dir.resolve("disk.raw")),
            new InetSocketAddress("127.0.0.1", 0),
            Optional.empty());
    assertEquals(404, get("/boot.ipxe").statusCode());
    assertEquals(404, get("/pxe/52-54-00-00-00-01.ipxe").statusCode());
  }
}
