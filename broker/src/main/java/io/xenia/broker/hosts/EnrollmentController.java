package io.xenia.broker.hosts;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.problems.ProblemResponse;
import jakarta.validation.Valid;
import java.util.concurrent.CompletableFuture;

/** Enrollment tokens (host operators) and enrollment itself (daemons, with a token). */
@Controller("/v1/hosts")
@ProblemResponse
@Tag(name = "Hosts")
@Validated
class EnrollmentController {
  private final EnrollmentService enrollment;

  EnrollmentController(EnrollmentService enrollment) {
    this.enrollment = enrollment;
  }

  @Post("/enrollment-tokens")
  @Status(HttpStatus.CREATED)
  @Operation(
      operationId = "createEnrollmentToken",
      summary = "Create a one-time host enrollment token",
      description =
          "Host operators only. The token is shown once (only its hash is stored), works for"
              + " exactly one enrollment and expires (default one hour).")
  CompletableFuture<CreatedEnrollmentToken> createToken(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Body @Valid CreateEnrollmentTokenRequest request) {
    return enrollment.createToken(caller, request);
  }

  @Post("/enroll")
  @Status(HttpStatus.CREATED)
  @SecurityRequirements
  @Operation(
      operationId = "enrollHost",
      summary = "Enroll a host with a one-time token",
      description =
          "No API key: the token authenticates. Burns the token atomically (of concurrent uses"
              + " exactly one wins), registers the host under the token's operator and returns its"
              + " mTLS certificate, its DHT membership certificate (role HOST) and the CAs.")
  CompletableFuture<EnrolledHost> enroll(@Body @Valid EnrollHostRequest request) {
    return enrollment.enroll(request);
  }
}
