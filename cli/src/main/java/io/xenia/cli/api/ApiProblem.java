package io.xenia.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The broker answered with an error: its HTTP status and the RFC 9457 problem document (or, when
 * the body was not one, a document made from the status and the body text).
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient JsonNode problem;

  public ApiProblem(int status, JsonNode problem) {
    super(status + " " + problem.path("type").asText(), null, false, false);
    this.status = status;
    this.problem = problem;
  }

  public int status() {
    return status;
  }

  /** The problem document. */
  public JsonNode problem() {
    return problem;
  }

  /** The type's slug ({@code invalid-query} for {@code urn:xenia:problem:invalid-query}). */
  public String slug() {
    String type = problem.path("type").asText("");
    return type.startsWith("urn:xenia:problem:")
        ? type.substring("urn:xenia:problem:".length())
        : type;
  }
}
