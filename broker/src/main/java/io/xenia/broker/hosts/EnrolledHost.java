package io.xenia.broker.hosts;

import io.micronaut.serde.annotation.Serdeable;

/** An enrolled host and its credentials. */
@Serdeable
public record EnrolledHost(HostView host, HostCredentials credentials) {}
