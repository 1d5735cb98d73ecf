package io.xenia.hostdaemon.enroll;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code host-daemon enroll}: enrolls this host with a broker using a one-time token from its
 * operator, or ({@code --rotate}) fetches new certificates for an enrolled one. Exit codes: 0 done,
 * 1 refused by the broker (the problem type is printed), 2 bad usage or local failure.
 */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = "Enroll this host with a broker, or rotate its certificates (--rotate).")
public final class EnrollCommand implements Callable<Integer> {
  @Option(names = "--broker", description = "The broker's base URL, e.g. https://broker:8080")
  URI broker;

  @Option(names = "--token", description = "The one-time enrollment token (xet_...)")
  String token;

  @Option(names = "--data-dir", required = true, description = "The daemon's data directory")
  Path dataDir;

  @Option(names = "--name", description = "The host's name at the broker (default: hostname)")
  String name;

  @Option(
      names = "--tls-name",
      description = "A DNS name or IP address for the certificate (repeatable)")
  List<String> tlsNames = new ArrayList<>();

  @Option(names = "--rotate", description = "Rotate the certificates of an enrolled host")
  boolean rotate;

  @Option(
      names = "--api-key",
      description = "Rotate with the operator's API key instead of the host's signature")
  String apiKey;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try {
      HostIdentity identity;
      if (rotate) {
        identity = new Enrollment().rotate(dataDir, Optional.ofNullable(apiKey), tlsNames);
        out.printf(
            "rotated: host %s, new TLS serial %s%n",
            identity.hostId(), identity.tlsCertificate().getSerialNumber());
      } else {
        if (broker == null || token == null) {
          err.println("enroll needs --broker and --token (or --rotate)");
          return 2;
        }
        identity = new Enrollment().enroll(broker, token, dataDir, hostName(), tlsNames);
        out.printf(
            "enrolled: host %s at %s, key %s, identity in %s%n",
            identity.hostId(),
            broker,
            identity.hostKey().publicKey().fingerprint(),
            new IdentityFiles(dataDir).directory());
      }
      return 0;
    } catch (BrokerRefusal e) {
      err.println("the broker refused: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("enrollment failed: " + e.getMessage());
      return 2;
    }
  }

  private String hostName() {
    if (name != null) {
      return name;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "host";
    }
  }
}
