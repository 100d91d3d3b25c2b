package dev.estuary.node.internal.description;

/** The labels the agent puts on its containers, and by which it finds them again. */
public final class Labels {
  /** The node a container belongs to. */
  public static final String NODE = "dev.estuary.node";
  /** The container's role: {@code engine}, {@code s3}, ... */
  public static final String ROLE = "dev.estuary.role";
  /** The hash of the specification it was created from: equal means "leave it". */
  public static final String SPEC = "dev.estuary.spec";

  private Labels() {}
}
