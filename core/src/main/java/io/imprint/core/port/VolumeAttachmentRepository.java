package io.imprint.core.port;

import io.imprint.core.domain.volume.VolumeAttachment;
import java.util.List;
import java.util.Optional;

/**
 * Volume attachments. A volume has at most one attachment: {@link #insert} throws {@link
 * VolumeInUseException} when it is already attached, enforced by the store so that two racing
 * requests cannot both attach it.
 */
public interface VolumeAttachmentRepository {
  void insert(VolumeAttachment attachment);

  boolean update(VolumeAttachment attachment);

  boolean delete(String id, long expectedVersion);

  Optional<VolumeAttachment> get(String id);

  Optional<VolumeAttachment> findByVolume(String volumeId);

  List<VolumeAttachment> listByInstance(String instanceId);

  final class VolumeInUseException extends RuntimeException {
    public VolumeInUseException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
