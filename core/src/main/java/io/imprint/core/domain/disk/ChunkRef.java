package io.imprint.core.domain.disk;

/**
 * A present chunk: the blob holding it, the SHA-256 of its plaintext (hex), its length and the key
 * that sealed it.
 */
public record ChunkRef(long index, String blobId, String sha256, int length, String dataKeyId) {}
