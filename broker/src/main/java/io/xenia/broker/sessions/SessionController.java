package io.xenia.broker.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.sse.Event;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.problems.ProblemResponse;
import io.xenia.broker.problems.XeniaException;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Sessions: leasing machines, following them, changing and ending them. */
@Controller("/v1/sessions")
@ProblemResponse
@Tag(name = "Sessions")
@Validated
class SessionController {
  private static final Duration STREAM_POLL = Duration.ofMillis(250);

  private final SessionService sessions;

  SessionController(SessionService sessions) {
    this.sessions = sessions;
  }

  @Post
  @Status(HttpStatus.CREATED)
  @Operation(
      operationId = "createSessions",
      summary = "Lease machines",
      description =
          "Places the request (a machine by host and machine id, or count machines matching a"
              + " query, best fit, with group constraints), asks each host to admit it (a"
              + " refusing or silent host's machine is replaced by the next candidate), stores the"
              + " agreement the host signed and the broker countersigned, and starts provisioning."
              + " Answers once every machine is admitted; follow the sessions' events until"
              + " running. The purchase order must hold the price for the duration (open-ended:"
              + " xenia.sessions.minimum-period) of every session beside its other live ones.")
  CompletableFuture<CreatedSessions> create(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Body @Valid CreateSessionRequest request) {
    return sessions.create(caller, request);
  }

  @Get
  @Operation(operationId = "listSessions", summary = "List sessions, oldest first")
  CompletableFuture<Page<SessionView>> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Nullable @QueryValue @Schema(description = "Staff only: one account's sessions")
          UUID accountId,
      @Nullable @QueryValue String state,
      @Nullable @QueryValue String pageToken,
      @Nullable @QueryValue Integer limit) {
    Optional<SessionState> wanted =
        Optional.ofNullable(state)
            .map(
                s ->
                    SessionState.fromWireName(s)
                        .orElseThrow(
                            () ->
                                XeniaException.invalidField(
                                    "state",
                                    "must be requested, admitted, provisioning, running, paused, failed or"
                                        + " ended")));
    return sessions.list(
        caller, Optional.ofNullable(accountId), wanted, PageRequest.of(pageToken, limit));
  }

  @Get("/{id}")
  @Operation(operationId = "getSession", summary = "Read a session")
  CompletableFuture<SessionView> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id) {
    return sessions.get(caller, id);
  }

  @Get("/{id}/agreement")
  @Operation(
      operationId = "getSessionAgreement",
      summary = "The agreement in force, signed by the host and countersigned by the broker")
  CompletableFuture<AgreementView> agreement(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id) {
    return sessions.agreement(caller, id);
  }

  @Get("/{id}/events")
  @Operation(operationId = "listSessionEvents", summary = "A session's events, in order")
  CompletableFuture<List<SessionEventView>> events(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID id,
      @Nullable @QueryValue @Schema(description = "Only events after this id") Long after) {
    return sessions.events(caller, id, after == null ? 0 : after);
  }

  @Get(value = "/{id}/events/stream", produces = MediaType.TEXT_EVENT_STREAM)
  @Operation(
      operationId = "streamSessionEvents",
      summary = "A session's events as Server-Sent Events",
      description =
          "Each event's id is the event id (resume with Last-Event-ID), its name the kind. The"
              + " stream closes after the session's final event (failed or ended).")
  Publisher<Event<SessionEventView>> stream(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID id,
      @Nullable @Header("Last-Event-ID") String lastEventId) {
    long start;
    try {
      start =
          lastEventId == null || lastEventId.isBlank() ? 0 : Long.parseLong(lastEventId.strip());
    } catch (NumberFormatException e) {
      throw XeniaException.invalidField("Last-Event-ID", "must be an event id");
    }
    AtomicLong last = new AtomicLong(start);
    AtomicBoolean done = new AtomicBoolean();
    // Visible (or 404) before the stream starts.
    return Mono.fromFuture(() -> sessions.get(caller, id))
        .flatMapMany(
            visible ->
                Flux.interval(Duration.ZERO, STREAM_POLL)
                    .takeWhile(tick -> !done.get())
                    .concatMap(
                        tick -> Mono.fromFuture(() -> sessions.events(caller, id, last.get())))
                    .concatMapIterable(
                        batch -> {
                          for (SessionEventView e : batch) {
                            last.set(e.id());
                            if (e.kind().equals("failed") || e.kind().equals("ended")) {
                              done.set(true);
                            }
                          }
                          return batch;
                        })
                    .map(e -> Event.of(e).id(Long.toString(e.id())).name(e.kind())));
  }

  @Delete("/{id}")
  @Operation(
      operationId = "endSession",
      summary = "End a session (reason customer; admin when an admin ends it)",
      description = "Its hold on the purchase order is given back; ending an ended one is a no-op.")
  CompletableFuture<SessionView> end(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id) {
    return sessions.end(caller, id, caller.isAdmin() ? EndReason.ADMIN : EndReason.CUSTOMER);
  }

  @Patch("/{id}")
  @Operation(
      operationId = "modifySession",
      summary = "Resize or extend a running session",
      description =
          "Forwarded to the host's modify: the host signs an amended agreement, which the broker"
              + " countersigns. A longer lease first holds the extra money on the purchase order.")
  CompletableFuture<SessionView> modify(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID id,
      @Body @Valid ModifySessionRequest request) {
    return sessions.modify(caller, id, request);
  }
}
