package io.xenia.billing.api;

/**
 * The closed catalogue of problem types billing's API returns (RFC 9457), under the broker's URI
 * base {@value #URI_PREFIX}: the general types keep the broker's slugs and statuses, so a client
 * switches on one set of types for both services. docs/problems.md describes each one.
 */
public enum ProblemType {
  MALFORMED_REQUEST("malformed-request", 400, "The request could not be read"),
  VALIDATION_FAILED("validation-failed", 400, "The request has invalid fields"),
  UNAUTHENTICATED("unauthenticated", 401, "No valid API key was presented"),
  FORBIDDEN("forbidden", 403, "The API key may not do this"),
  NOT_FOUND("not-found", 404, "No such resource"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "The resource does not support this method"),
  NOT_ACCEPTABLE("not-acceptable", 406, "No acceptable representation"),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", 415, "The request body must be application/json"),
  INSUFFICIENT_FUNDS("insufficient-funds", 422, "Insufficient funds"),
  // Billing's own.
  PERIOD_NOT_ENDED("period-not-ended", 409, "The billing period has not ended yet"),
  DISPUTE_ALREADY_OPEN("dispute-already-open", 409, "The invoice line already has an open dispute"),
  DISPUTE_NOT_OPEN("dispute-not-open", 409, "The dispute is already resolved"),
  CREDIT_EXCEEDS_LINE(
      "credit-exceeds-line", 422, "The credit is more than the line's charge not yet credited"),
  SERVICE_UNAVAILABLE("service-unavailable", 503, "The service is temporarily unavailable"),
  INTERNAL_ERROR("internal-error", 500, "Internal error");

  /** The prefix of every type URI, the broker's: a URN, so no client mistakes it for a page. */
  public static final String URI_PREFIX = "urn:xenia:problem:";

  private final String slug;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  public String uri() {
    return URI_PREFIX + slug;
  }

  public String slug() {
    return slug;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
