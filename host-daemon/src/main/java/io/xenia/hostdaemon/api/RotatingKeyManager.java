package io.xenia.hostdaemon.api;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The control API's own key and certificate, switchable while the server runs: every new handshake
 * gets the pair set last by {@link #use}, connections already open keep theirs. Each pair has its
 * own alias, and the few most recent stay resolvable, so a handshake that chose an alias just
 * before a switch still gets a key and certificate that belong together.
 */
public final class RotatingKeyManager extends X509ExtendedKeyManager {
  private static final int KEEP = 4;

  private record Pair(String alias, PrivateKey key, X509Certificate[] chain) {}

  private final Map<String, Pair> recent = new LinkedHashMap<>();
  private long generation;
  private volatile Pair current;

  public RotatingKeyManager(PrivateKey key, X509Certificate certificate) {
    use(key, certificate);
  }

  /** New handshakes present {@code certificate}, proving possession of {@code key}. */
  public synchronized void use(PrivateKey key, X509Certificate certificate) {
    requireNonNull(key, "key is null");
    requireNonNull(certificate, "certificate is null");
    Pair p = new Pair("host-tls-" + (++generation), key, new X509Certificate[] {certificate});
    recent.put(p.alias(), p);
    while (recent.size() > KEEP) {
      recent.remove(recent.keySet().iterator().next());
    }
    current = p;
  }

  /** The certificate new handshakes present. */
  public X509Certificate certificate() {
    return current.chain()[0];
  }

  private String aliasFor(String keyType) {
    Pair p = current;
    String algorithm = p.key().getAlgorithm();
    return keyType == null
            || keyType.equalsIgnoreCase(algorithm)
            || keyType.toUpperCase(java.util.Locale.ROOT).startsWith(algorithm + "_")
        ? p.alias()
        : null;
  }

  private String aliasFor(String[] keyTypes) {
    if (keyTypes == null) {
      return current.alias();
    }
    for (String t : keyTypes) {
      String a = aliasFor(t);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    String a = aliasFor(keyType);
    return a == null ? null : new String[] {a};
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String a = aliasFor(keyType);
    return a == null ? null : new String[] {a};
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public synchronized X509Certificate[] getCertificateChain(String alias) {
    Pair p = recent.get(alias);
    return p == null ? null : p.chain().clone();
  }

  @Override
  public synchronized PrivateKey getPrivateKey(String alias) {
    Pair p = recent.get(alias);
    return p == null ? null : p.key();
  }
}
