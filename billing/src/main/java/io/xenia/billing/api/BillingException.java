package io.xenia.billing.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on, carrying its {@link ProblemType}. Thrown by billing's services
 * (which know nothing of HTTP) and rendered as problem+json at the edge.
 */
public class BillingException extends RuntimeException {
  private final ProblemType type;
  private final List<FieldError> fieldErrors = new ArrayList<>();
  private final Map<String, Object> extensions = new LinkedHashMap<>();

  public BillingException(ProblemType type, String detail) {
    super(requireNonNull(detail, "detail is null"), null, false, false);
    this.type = requireNonNull(type, "type is null");
  }

  public static BillingException invalidField(String field, String message) {
    return new BillingException(ProblemType.VALIDATION_FAILED, field + " " + message)
        .withFieldError(field, message);
  }

  public static BillingException notFound(String what) {
    return new BillingException(ProblemType.NOT_FOUND, what + " does not exist or is not yours");
  }

  public BillingException withFieldError(String field, String message) {
    fieldErrors.add(new FieldError(field, message));
    return this;
  }

  /** Adds a member to the problem document; values must be strings, numbers or booleans. */
  public BillingException with(String member, Object value) {
    extensions.put(member, value);
    return this;
  }

  public ProblemType type() {
    return type;
  }

  public List<FieldError> fieldErrors() {
    return List.copyOf(fieldErrors);
  }

  public Map<String, Object> extensions() {
    return Map.copyOf(extensions);
  }
}
