package io.xenia.broker.images;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.problems.XeniaException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Registers an image: its kind and, for each part, the bytes it must have. */
@Serdeable
public record RegisterImageRequest(
    @NotBlank @Size(max = 128) String name,
    @NotNull @Schema(allowableValues = {"kernel-initrd", "disk", "rootfs"}) String kind,
    @NotNull @Size(min = 1, max = 3) List<@Valid @NotNull PartRequest> parts) {

  /** One part as declared. Either every part has a {@code url} or none has. */
  @Serdeable
  public record PartRequest(
      @NotNull @Schema(allowableValues = {"kernel", "initrd", "rootfs", "disk"}) String name,
      @NotNull @Schema(description = "SHA-256 of the whole part, 64 lowercase hex digits")
          String sha256,
      @NotNull Long sizeBytes,
      @NotNull
          @Schema(
              description =
                  "kernel: bzimage; initrd: gzip, cpio, zstd, xz; rootfs: ext4, squashfs;"
                      + " disk: raw, qcow2")
          String format,
      @Nullable @Schema(description = "http(s) URL the broker fetches the part from") String url) {}

  /** The declaration, or a {@code validation-failed} problem naming the first bad field. */
  ImageKind kindOrThrow() {
    return ImageKind.fromWireName(kind)
        .orElseThrow(
            () -> XeniaException.invalidField("kind", "must be kernel-initrd, disk or rootfs"));
  }

  List<DeclaredPart> partsOrThrow(long maxPartBytes) {
    ImageKind imageKind = kindOrThrow();
    List<DeclaredPart> declared = new ArrayList<>();
    Set<PartName> seen = EnumSet.noneOf(PartName.class);
    for (int i = 0; i < parts.size(); i++) {
      PartRequest p = parts.get(i);
      String at = "parts[" + i + "].";
      PartName part =
          PartName.fromWireName(p.name())
              .filter(imageKind.allowed()::contains)
              .orElseThrow(
                  () ->
                      XeniaException.invalidField(
                          at + "name", "is not a part of a " + imageKind.wireName() + " image"));
      if (!seen.add(part)) {
        throw XeniaException.invalidField(at + "name", "is declared twice");
      }
      if (!Digests.isSha256(p.sha256())) {
        throw XeniaException.invalidField(at + "sha256", "must be 64 lowercase hex digits");
      }
      if (p.sizeBytes() <= 0 || p.sizeBytes() > maxPartBytes) {
        throw XeniaException.invalidField(
            at + "sizeBytes", "must be between 1 and " + maxPartBytes);
      }
      ImageFormat format =
          ImageFormat.fromWireName(p.format())
              .filter(part.formats()::contains)
              .orElseThrow(
                  () ->
                      XeniaException.invalidField(
                          at + "format",
                          "must be one of "
                              + part.formats().stream().map(ImageFormat::wireName).sorted().toList()
                              + " for a "
                              + part.wireName()));
      declared.add(new DeclaredPart(part, p.sha256(), p.sizeBytes(), format, url(at, p.url())));
    }
    for (PartName required : imageKind.required()) {
      if (!seen.contains(required)) {
        throw XeniaException.invalidField(
            "parts", "a " + imageKind.wireName() + " image needs a " + required.wireName());
      }
    }
    long withUrl = declared.stream().filter(d -> d.url().isPresent()).count();
    if (withUrl != 0 && withUrl != declared.size()) {
      throw XeniaException.invalidField("parts", "either every part has a url or none has");
    }
    return declared;
  }

  private static Optional<URI> url(String at, String url) {
    if (url == null) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw XeniaException.invalidField(at + "url", "must be an absolute http(s) URL");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw XeniaException.invalidField(at + "url", "is not a URL");
    }
  }
}
