package io.xenia.broker.hosts;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The host CA's public material: its certificates, its current CRL, the DHT membership CA key. */
@Serdeable
@Schema(name = "HostCertificateAuthority")
public record CertificateAuthorityView(
    List<String> caCertificates, String crl, String membershipCaPublicKey) {}
