package io.imprint.core.app.job;

import io.imprint.core.domain.job.Job;

/**
 * A kind of one-time job and its typed payload: the name stored with each job, the codec between
 * the payload record and the {@code payload} text column, and whether a job that succeeded is kept
 * (an image's import, whose progress the API reports) or removed (an instance's power step, of
 * which an instance has many).
 *
 * @param <P> the payload record
 */
public record JobKind<P>(String name, Codec<P> codec, boolean keepWhenDone) {

  /**
   * Writes a payload as the text of the {@code payload} column and reads it back. A codec reads
   * every form it ever wrote: jobs outlive upgrades ({@link PayloadText} helps with both).
   */
  public interface Codec<P> {
    String encode(P payload);

    P decode(String text);
  }

  /** The payload of a job of this kind. */
  public P payloadOf(Job job) {
    if (!job.kind().equals(name)) {
      throw new IllegalArgumentException(
          "job " + job.id() + " is a " + job.kind() + ", not " + name);
    }
    return codec.decode(job.payload());
  }
}
