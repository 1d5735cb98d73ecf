package io.xenia.broker.hosts;

import java.time.Instant;

/** A revoked X.509 serial and when it was revoked: one entry of the host CA's CRL. */
public record RevokedSerial(long serial, Instant revokedAt) {}
