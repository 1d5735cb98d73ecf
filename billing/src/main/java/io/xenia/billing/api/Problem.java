package io.xenia.billing.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem details document, shaped as the broker's: {@code errors} lists invalid
 * fields; members specific to a type are in {@code extensions}, written at the top level.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    @Nullable String instance,
    @Nullable List<FieldError> errors,
    @JsonAnyGetter @Nullable Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(ProblemType type, String detail, String instance) {
    return new Problem(
        type.uri(), type.title(), type.status(), detail, instance, List.of(), Map.of());
  }

  public static Problem of(BillingException e, String instance) {
    ProblemType type = e.type();
    return new Problem(
        type.uri(),
        type.title(),
        type.status(),
        e.getMessage(),
        instance,
        e.fieldErrors(),
        e.extensions());
  }
}
