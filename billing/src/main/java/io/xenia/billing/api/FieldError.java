package io.xenia.billing.api;

import io.micronaut.serde.annotation.Serdeable;

/** One invalid field of a request: its JSON (or parameter) name and what is wrong with it. */
@Serdeable
public record FieldError(String field, String message) {}
