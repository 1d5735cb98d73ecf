package io.xenia.broker.images;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An image as the API shows it. */
@Serdeable
@Schema(name = "Image")
public record ImageView(
    UUID id,
    UUID accountId,
    String name,
    @Schema(allowableValues = {"kernel-initrd", "disk", "rootfs"}) String kind,
    @Schema(allowableValues = {"uploading", "fetching", "available", "failed"}) String status,
    long totalBytes,
    @Schema(
            description =
                "Upload chunk size: every chunk but a part's last has exactly this length")
        int chunkSize,
    List<PartView> parts,
    @Nullable String failure,
    Instant createdAt,
    @Nullable Instant availableAt) {

  /** One part: its declaration and how far its upload is. */
  @Serdeable
  @Schema(name = "ImagePart")
  public record PartView(
      String name,
      String sha256,
      long sizeBytes,
      String format,
      @Nullable String url,
      boolean verified,
      int chunkCount,
      int chunksPresent) {}

  static ImageView of(ImageEntity image, List<PartView> parts) {
    return new ImageView(
        image.id,
        image.accountId,
        image.name,
        image.kind,
        image.status,
        image.totalBytes,
        image.chunkSize,
        parts,
        image.failure,
        image.createdAt,
        image.availableAt);
  }
}
