package dev.estuary.s3.testing;

import java.util.List;
import java.util.Optional;

/**
 * What a test sees of a bucket's storage without going through S3: the volume through the Dfs
 * (our server), or the bucket directory of s3proxy's filesystem backend when the tests run against
 * an external endpoint. Used to write files "as SMB or NFS would" and to prove that a failed
 * request left nothing behind.
 */
public interface VolumeView {
  /**
   * Lists every entry of the bucket's tree, depth first: files by their path, directories by their
   * path plus a trailing {@code /}; sorted.
   *
   * @param bucket the bucket (volume)
   * @return the sorted paths
   */
  List<String> walk(String bucket);

  /**
   * Writes (or overwrites in place) a file, creating its parent directories, the way a file
   * protocol would (no S3 metadata).
   *
   * @param bucket the bucket (volume)
   * @param path slash-separated path inside it
   * @param data the content
   */
  void writeFile(String bucket, String path, byte[] data);

  /**
   * Creates a directory and its parents.
   *
   * @param bucket the bucket (volume)
   * @param path slash-separated path inside it
   */
  void mkdirs(String bucket, String path);

  /**
   * Reads a file's bytes.
   *
   * @param bucket the bucket (volume)
   * @param path slash-separated path inside it
   * @return the bytes, or empty when there is no such file
   */
  Optional<byte[]> read(String bucket, String path);

  /**
   * Returns whether a bucket (volume) exists.
   *
   * @param bucket the name
   * @return whether it exists
   */
  boolean bucketExists(String bucket);
}
