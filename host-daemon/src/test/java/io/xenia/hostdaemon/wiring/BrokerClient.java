package io.xenia.hostdaemon.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A broker as the control API sees it: an HTTPS client with a certificate of the host CA. */
final class BrokerClient {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Ed25519KeyPair CUSTOMER = Ed25519KeyPair.generate(new SecureRandom());
  final HttpClient http;
  private final int port;

  BrokerClient(TestCa ca, String name, int port) throws Exception {
    this.port = port;
    TestCa.Leaf identity = ca.issue(name);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "client",
        identity.key().getPrivate(),
        new char[0],
        new X509Certificate[] {identity.certificate()});
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    var tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    http =
        HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
  }

  URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** An admission body for the whole test machine (4 cores, 4 GiB) at {@code perHour} EUR. */
  static String admission(
      String hostId, String machine, String session, Resources resources, String perHour) {
    return admission(hostId, machine, session, resources, perHour, CUSTOMER.publicKey());
  }

  /** An admission body for a one-hour lease by the customer whose key is {@code customer}. */
  static String admission(
      String hostId,
      String machine,
      String session,
      Resources resources,
      String perHour,
      Ed25519PublicKey customer) {
    Instant now = Instant.now();
    var agreement =
        new Agreement(
            1,
            "agr-" + session,
            session,
            hostId,
            machine,
            "acct-customer-1",
            customer,
            "po-1",
            resources,
            PriceList.hourly(Money.parse("EUR", perHour)),
            now,
            new LeaseEnd.Fixed(now.plus(Duration.ofHours(1))),
            "2026-11-01");
    return "{\"agreement\":" + CanonicalJson.encodeToString(agreement.toCanonical()) + "}";
  }

  /** The Ed25519 key inside an OpenSSH {@code .pub} line (the last 32 bytes of its blob). */
  /** Waits up to a minute for the session's state at the host; fails with the last answer. */
  JsonNode awaitState(String session, String state) throws Exception {
    JsonNode last = null;
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      last = json(get("/v1/sessions/" + session));
      if (state.equals(last.path("state").asText())) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("session " + session + " not " + state + ": " + last);
  }

  static Ed25519PublicKey fromOpenSsh(String line) {
    byte[] blob = Base64.getDecoder().decode(line.split(" ")[1]);
    return Ed25519PublicKey.fromBytes(Arrays.copyOfRange(blob, blob.length - 32, blob.length));
  }
}
