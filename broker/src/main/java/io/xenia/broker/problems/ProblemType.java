package io.xenia.broker.problems;

/**
 * The closed catalogue of problem types the API returns (RFC 9457). The {@link #uri()} of each is
 * stable: clients may switch on it. docs/problems.md describes each one.
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
  PURCHASE_ORDER_NOT_OPEN("purchase-order-not-open", 409, "The purchase order is no longer open"),
  INSUFFICIENT_FUNDS("insufficient-funds", 422, "Insufficient funds"),
  CURRENCY_NOT_ALLOWED("currency-not-allowed", 422, "The amount is not valid for its currency"),
  IDEMPOTENCY_KEY_REUSED(
      "idempotency-key-reused", 422, "The Idempotency-Key was already used for another request"),
  ENROLLMENT_TOKEN_INVALID(
      "enrollment-token-invalid", 403, "The enrollment token is not one the broker issued"),
  ENROLLMENT_TOKEN_USED("enrollment-token-used", 409, "The enrollment token was already used"),
  ENROLLMENT_TOKEN_EXPIRED("enrollment-token-expired", 410, "The enrollment token has expired"),
  HOST_ALREADY_ENROLLED("host-already-enrolled", 409, "A host with this key is already enrolled"),
  HOST_REVOKED("host-revoked", 403, "The host has been revoked"),
  HOST_PROOF_INVALID("host-proof-invalid", 403, "The host's signature is not valid"),
  HEARTBEAT_STALE(
      "heartbeat-stale", 409, "The heartbeat's sequence is not above the last one accepted"),
  INVALID_QUERY("invalid-query", 400, "The search query is not valid"),
  SEARCH_UNAVAILABLE("search-unavailable", 503, "The search network cannot be reached"),
  IMAGE_QUOTA_EXCEEDED(
      "image-quota-exceeded", 422, "The account's image quota does not allow this image"),
  IMAGE_NOT_AVAILABLE(
      "image-not-available", 409, "The image is not available yet (uploading, fetching or failed)"),
  IMAGE_NOT_UPLOADING(
      "image-not-uploading", 409, "The image does not accept uploads (fetched by URL, or done)"),
  IMAGE_CHUNK_INVALID(
      "image-chunk-invalid", 422, "The chunk's index or length does not fit the declared part"),
  IMAGE_CHUNK_DIGEST_MISMATCH(
      "image-chunk-digest-mismatch", 422, "The chunk's bytes do not have its Content-Digest"),
  IMAGE_SIZE_MISMATCH("image-size-mismatch", 422, "The part's bytes do not have the declared size"),
  IMAGE_DIGEST_MISMATCH(
      "image-digest-mismatch", 422, "The part's bytes do not have the declared sha256"),
  IMAGE_FORMAT_MISMATCH(
      "image-format-mismatch", 422, "The part's bytes are not of the declared format"),
  PURCHASE_ORDER_IN_USE("purchase-order-in-use", 409, "The purchase order pays for live sessions"),
  NO_MACHINE_AVAILABLE(
      "no-machine-available", 409, "No machine matching the request could be leased"),
  SESSION_NOT_LIVE("session-not-live", 409, "The session has ended"),
  SESSION_CHANGE_REFUSED(
      "session-change-refused", 409, "The host refused the change to the session"),
  HOST_UNAVAILABLE("host-unavailable", 503, "The session's host did not answer"),
  WEBHOOK_URL_REFUSED("webhook-url-refused", 422, "The webhook URL may not be used"),
  SERVICE_UNAVAILABLE("service-unavailable", 503, "The service is temporarily unavailable"),
  INTERNAL_ERROR("internal-error", 500, "Internal error");

  /** The prefix of every type URI; a URN, so that no client mistakes it for a page to fetch. */
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
