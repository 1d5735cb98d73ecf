package io.xenia.broker.problems;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on, carrying its {@link ProblemType}. Thrown by domain code (which
 * knows nothing of HTTP) and rendered as problem+json at the edge.
 */
public class XeniaException extends RuntimeException {
  private final ProblemType type;
  private final List<FieldError> fieldErrors = new ArrayList<>();
  private final Map<String, Object> extensions = new LinkedHashMap<>();

  public XeniaException(ProblemType type, String detail) {
    super(requireNonNull(detail, "detail is null"), null, false, false);
    this.type = requireNonNull(type, "type is null");
  }

  public static XeniaException invalidField(String field, String message) {
    return new XeniaException(ProblemType.VALIDATION_FAILED, field + " " + message)
        .withFieldError(field, message);
  }

  public static XeniaException notFound(String what) {
    return new XeniaException(ProblemType.NOT_FOUND, what + " does not exist or is not yours");
  }

  public XeniaException withFieldError(String field, String message) {
    fieldErrors.add(new FieldError(field, message));
    return this;
  }

  /** Adds a member to the problem document; values must be strings, numbers or booleans. */
  public XeniaException with(String member, Object value) {
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
