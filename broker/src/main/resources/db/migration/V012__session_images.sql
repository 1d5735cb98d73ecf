-- Sessions boot registered images (issue 5 §3): a session remembers the image it was created with —
-- its id for the customer, its kind and part digests for the host — so a broker that restarts
-- provisions a session left 'admitted' with the image it was asked for. The digests are copied, not
-- referenced: they are what the host agreed to fetch, whatever happens to the image row later.
ALTER TABLE session
    ADD COLUMN image_id    uuid,
    ADD COLUMN image_kind  text CHECK (image_kind IN ('kernel-initrd', 'disk', 'rootfs')),
    ADD COLUMN image_parts text,
    ADD CHECK ((image_id IS NULL) = (image_kind IS NULL) AND (image_id IS NULL) = (image_parts IS NULL));

-- A root file system alone (a tar netns machines unpack as their root).
ALTER TABLE image DROP CONSTRAINT image_kind_check;
ALTER TABLE image ADD CONSTRAINT image_kind_check CHECK (kind IN ('kernel-initrd', 'disk', 'rootfs'));

-- Abandoned uploads expire: the sweep looks for old images still uploading.
CREATE INDEX image_uploading_by_age ON image (created_at) WHERE status = 'uploading';
