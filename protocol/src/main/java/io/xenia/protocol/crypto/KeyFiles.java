package io.xenia.protocol.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Ed25519 keys on disk as PEM ({@link KeyPem}), with ssh-like care for private keys.
 *
 * <p>Files are written to a temporary file in the target directory, flushed to disk and then
 * atomically renamed, so a reader never sees a half-written key. The temporary file of a private
 * key is created with mode 0600 in the same system call that creates it (the umask can only remove
 * bits), so the secret is never readable by others, not even for an instant.
 *
 * <p>Requires a POSIX file system; on others every method fails with {@link KeyFileException}
 * rather than silently writing a key without protection.
 */
public final class KeyFiles {
  /** Key files are tiny; anything larger is not a key and is not read into memory. */
  private static final long MAX_FILE_SIZE = 64 * 1024;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC =
      PosixFilePermissions.fromString("rw-r--r--");

  private KeyFiles() {}

  /**
   * Writes the private key as PKCS#8 PEM with mode 0600.
   *
   * <p>Refuses to replace an existing file, as {@code ssh-keygen} does without confirmation:
   * overwriting an identity key loses it for good. The existence check and the rename are two
   * steps, so two processes writing the same new path at once can still race; the loser's key is
   * replaced, never corrupted.
   *
   * @throws FileAlreadyExistsException if the file exists
   * @throws KeyFileException if the file system does not support POSIX permissions
   * @throws IOException on any other I/O failure; no partial file is left behind
   */
  public static void storePrivateKey(Path file, Ed25519KeyPair key) throws IOException {
    requireNonNull(file, "file is null");
    requireNonNull(key, "key is null");
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a key");
    }
    writeAtomically(file, KeyPem.privateKeyPem(key).getBytes(US_ASCII), OWNER_ONLY);
  }

  /**
   * Reads a PKCS#8 PEM Ed25519 private key, after checking that neither group nor others have any
   * permission on the file.
   *
   * @throws InsecureKeyFileException if group or others have any permission on the file
   * @throws KeyFileException if the content is not an Ed25519 private key, or the file system does
   *     not support POSIX permissions
   * @throws IOException if the file cannot be read
   */
  public static Ed25519KeyPair loadPrivateKey(Path file) throws IOException {
    requireNonNull(file, "file is null");
    PosixFileAttributes attributes = posixAttributes(file);
    int mode = mode(attributes.permissions());
    if ((mode & 0077) != 0) {
      throw new InsecureKeyFileException(file, mode);
    }
    return withFile(file, () -> KeyPem.parsePrivateKeyPem(read(file, attributes)));
  }

  /**
   * Writes the public key as SubjectPublicKeyInfo PEM with mode 0644, atomically replacing any
   * existing file.
   */
  public static void storePublicKey(Path file, Ed25519PublicKey key) throws IOException {
    requireNonNull(file, "file is null");
    requireNonNull(key, "key is null");
    writeAtomically(file, KeyPem.publicKeyPem(key).getBytes(US_ASCII), PUBLIC);
  }

  /**
   * Reads a SubjectPublicKeyInfo PEM Ed25519 public key. Permissions are not checked.
   *
   * @throws KeyFileException if the content is not an Ed25519 public key
   */
  public static Ed25519PublicKey loadPublicKey(Path file) throws IOException {
    requireNonNull(file, "file is null");
    PosixFileAttributes attributes = posixAttributes(file);
    return withFile(file, () -> KeyPem.parsePublicKeyPem(read(file, attributes)));
  }

  private static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
      throw new KeyFileException("no POSIX permissions on the file system of " + dir);
    }
    FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(mode);
    // Same directory as the target, so the final rename is within one file system and atomic.
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp", attribute);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      // The umask may have removed bits from a public key's 0644; set exactly what was asked.
      Files.setPosixFilePermissions(temp, mode);
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    syncDirectory(dir);
  }

  /** Makes the rename itself durable; best effort, since not every platform can open a dir. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // The key file itself is already flushed; only the rename might be lost on power failure.
    }
  }

  private static PosixFileAttributes posixAttributes(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      throw new KeyFileException("no POSIX permissions on the file system of " + file);
    }
    PosixFileAttributes attributes = view.readAttributes();
    if (!attributes.isRegularFile()) {
      throw new KeyFileException("not a regular file: " + file);
    }
    return attributes;
  }

  private static String read(Path file, PosixFileAttributes attributes) throws IOException {
    if (attributes.size() > MAX_FILE_SIZE) {
      throw new KeyFileException("too large to be a key file (" + attributes.size() + " bytes)");
    }
    try {
      return US_ASCII.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new KeyFileException("not ASCII text", e);
    }
  }

  private static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      // The enum is declared in the order OWNER_READ .. OTHERS_EXECUTE, i.e. bit 8 down to bit 0.
      mode |= 1 << (8 - permission.ordinal());
    }
    return mode;
  }

  private interface KeyReader<T> {
    T read() throws IOException;
  }

  /** Puts the file name into content errors, which on their own only describe the text. */
  private static <T> T withFile(Path file, KeyReader<T> reader) throws IOException {
    try {
      return reader.read();
    } catch (InsecureKeyFileException e) {
      throw e;
    } catch (KeyFileException e) {
      throw new KeyFileException(file + ": " + e.getMessage(), e);
    }
  }
}
