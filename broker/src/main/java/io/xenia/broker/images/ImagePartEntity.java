package io.xenia.broker.images;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Row of {@code image_part}. */
@Entity
@Table(name = "image_part")
public class ImagePartEntity {
  @Id UUID id;

  @Column(name = "image_id")
  UUID imageId;

  String name;
  String sha256;

  @Column(name = "size_bytes")
  long sizeBytes;

  String format;

  @Column(name = "source_url")
  String sourceUrl;

  @Column(name = "verified_at")
  Instant verifiedAt;

  protected ImagePartEntity() {}

  ImagePartEntity(UUID id, UUID imageId, DeclaredPart part) {
    this.id = id;
    this.imageId = imageId;
    this.name = part.name().wireName();
    this.sha256 = part.sha256();
    this.sizeBytes = part.sizeBytes();
    this.format = part.format().wireName();
    this.sourceUrl = part.url().map(URI::toString).orElse(null);
  }

  DeclaredPart toPart() {
    return new DeclaredPart(
        PartName.fromWireName(name).orElseThrow(),
        sha256,
        sizeBytes,
        ImageFormat.fromWireName(format).orElseThrow(),
        Optional.ofNullable(sourceUrl).map(URI::create));
  }
}
