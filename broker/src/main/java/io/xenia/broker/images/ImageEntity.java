package io.xenia.broker.images;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code image}. */
@Entity
@Table(name = "image")
public class ImageEntity {
  @Id UUID id;

  @Column(name = "account_id")
  UUID accountId;

  String name;
  String kind;
  String status;

  @Column(name = "total_bytes")
  long totalBytes;

  @Column(name = "chunk_size")
  int chunkSize;

  String failure;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "available_at")
  Instant availableAt;

  protected ImageEntity() {}

  ImageEntity(
      UUID id,
      UUID accountId,
      String name,
      ImageKind kind,
      ImageStatus status,
      long totalBytes,
      int chunkSize,
      Instant now) {
    this.id = id;
    this.accountId = accountId;
    this.name = name;
    this.kind = kind.wireName();
    this.status = status.wireName();
    this.totalBytes = totalBytes;
    this.chunkSize = chunkSize;
    this.createdAt = now;
  }

  ImageStatus status() {
    return ImageStatus.fromWireName(status).orElseThrow();
  }
}
