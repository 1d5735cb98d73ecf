package io.xenia.broker.sessions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code session_event}: append-only. */
@Entity
@Table(name = "session_event")
public class SessionEventEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "session_id")
  UUID sessionId;

  Instant at;
  String kind;
  String reason;
  String detail;

  protected SessionEventEntity() {}

  SessionEventEntity(UUID sessionId, Instant at, String kind, String reason, String detail) {
    this.sessionId = sessionId;
    this.at = at;
    this.kind = kind;
    this.reason = reason;
    this.detail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
  }
}
