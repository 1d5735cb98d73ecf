-- Images customers register (issue 5 §3): declared parts, uploaded in chunks or fetched by URL. The
-- bytes live in the broker's content-addressed store on disk (docs/images.md); these rows say who
-- owns which digests and whether each part has been verified.

CREATE TABLE image (
    id           uuid        PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES account (id),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    kind         text        NOT NULL CHECK (kind IN ('kernel-initrd', 'disk')),
    status       text        NOT NULL CHECK (status IN ('uploading', 'fetching', 'available', 'failed')),
    -- Sum of the declared part sizes: what the image counts against its owner's quota.
    total_bytes  bigint      NOT NULL CHECK (total_bytes > 0),
    chunk_size   integer     NOT NULL CHECK (chunk_size > 0),
    failure      text,
    created_at   timestamptz NOT NULL,
    available_at timestamptz,
    CHECK ((status = 'available') = (available_at IS NOT NULL)),
    CHECK ((status = 'failed') = (failure IS NOT NULL))
);
CREATE INDEX image_by_account ON image (account_id, id);

CREATE TABLE image_part (
    id          uuid        PRIMARY KEY,
    image_id    uuid        NOT NULL REFERENCES image (id) ON DELETE CASCADE,
    name        text        NOT NULL CHECK (name IN ('kernel', 'initrd', 'rootfs', 'disk')),
    sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes  bigint      NOT NULL CHECK (size_bytes > 0),
    format      text        NOT NULL,
    source_url  text,
    verified_at timestamptz,
    UNIQUE (image_id, name)
);
-- Who may read a blob, and whether a blob is still referenced when an image is deleted.
CREATE INDEX image_part_by_digest ON image_part (sha256);
