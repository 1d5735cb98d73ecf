package io.xenia.broker.hosts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.common.QueryText;
import io.xenia.broker.problems.ProblemResponse;
import io.xenia.broker.problems.XeniaException;
import io.xenia.dht.query.Query;
import io.xenia.dht.query.Vocabulary;
import jakarta.validation.Valid;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Enrolled hosts: status, heartbeats, certificate rotation, revocation, the host CA. */
@Controller("/v1/hosts")
@ProblemResponse
@Tag(name = "Hosts")
@Validated
class HostController {
  private final HostRegistry hosts;
  private final EnrollmentService enrollment;

  HostController(HostRegistry hosts, EnrollmentService enrollment) {
    this.hosts = hosts;
    this.enrollment = enrollment;
  }

  @Get
  @Operation(
      operationId = "listHosts",
      summary = "List hosts, by id, optionally those matching a fleet query",
      description =
          "Host operators see their own hosts, staff everyone's. q is a query of the query"
              + " language over host attributes (docs/fleet.md), e.g. cpu.load>0.9 status=up; one"
              + " that does not parse is an invalid-query problem naming the bad token and its"
              + " position.")
  CompletableFuture<Page<HostView>> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Nullable
          @QueryValue
          @Schema(
              description = "a fleet query, e.g. cpu.load>0.9 machines.free=0 region=eu-*",
              example = "cpu.load>0.9")
          String q,
      @Nullable @QueryValue @Schema(description = "Staff only: one account's hosts") UUID accountId,
      @Nullable @QueryValue @Schema(allowableValues = {"up", "suspect", "down", "revoked"})
          String status,
      @Nullable @QueryValue String pageToken,
      @Nullable @QueryValue Integer limit) {
    Optional<HostStatus> wanted =
        Optional.ofNullable(status)
            .map(
                s ->
                    HostStatus.fromWireName(s)
                        .orElseThrow(
                            () ->
                                XeniaException.invalidField(
                                    "status", "must be up, suspect, down or revoked")));
    caller.require(Scope.HOSTS_READ);
    Optional<Query> query =
        q == null || q.isBlank()
            ? Optional.empty()
            : Optional.of(QueryText.parse(q, Vocabulary.HOSTS));
    return hosts.list(
        caller, Optional.ofNullable(accountId), wanted, query, PageRequest.of(pageToken, limit));
  }

  @Get("/{id}")
  @Operation(operationId = "getHost", summary = "Read a host and its liveness")
  CompletableFuture<HostView> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id) {
    return hosts.get(caller, id);
  }

  @Post("/{id}/heartbeats")
  @SecurityRequirements
  @Operation(
      operationId = "recordHeartbeat",
      summary = "Record a host's heartbeat",
      description =
          "No API key: the body is signed by the host's Ed25519 key. Refused for a revoked host"
              + " (host-revoked) and for a sequence not above the last one (heartbeat-stale). The"
              + " answer carries the host CA's current CRL.")
  CompletableFuture<HeartbeatResponse> heartbeat(UUID id, @Body @Valid HeartbeatRequest request) {
    return hosts.heartbeat(id, request);
  }

  @Post("/{id}/certificates")
  @Operation(
      operationId = "rotateHostCertificates",
      summary = "Issue new certificates to a host",
      description =
          "With the operator's (or an admin's) API key, or without one and signed by the host's"
              + " key. The old certificates stay valid until they expire; revoke the host to end"
              + " them.")
  CompletableFuture<HostCredentials> rotate(
      @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID id,
      @Body @Valid RotateCertificatesRequest request) {
    return enrollment.rotate(Optional.ofNullable(caller), id, request);
  }

  @Post("/{id}/revoke")
  @Operation(
      operationId = "revokeHost",
      summary = "Revoke a host for good",
      description =
          "Its operator or an admin. From then on its heartbeats and rotations are refused, its"
              + " certificates are on the CRL, and its sessions end (host-unreachable).")
  CompletableFuture<HostView> revoke(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID id,
      @Nullable @Body @Valid RevokeHostRequest request) {
    return hosts.revoke(caller, id, request);
  }

  @Get("/certificate-authority")
  @SecurityRequirements
  @Operation(
      operationId = "getHostCertificateAuthority",
      summary = "The host CA's certificates, its current CRL and the DHT membership CA key")
  CompletableFuture<CertificateAuthorityView> certificateAuthority() {
    return hosts.certificateAuthority();
  }
}
