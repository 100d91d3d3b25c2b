package dev.estuary.core.internal.admin;

import dev.estuary.core.internal.admin.AdminViews.AddGroup;
import dev.estuary.core.internal.admin.AdminViews.AddUser;
import dev.estuary.core.internal.admin.AdminViews.AddedUser;
import dev.estuary.core.internal.admin.AdminViews.CreateVolume;
import dev.estuary.core.internal.admin.AdminViews.Grant;
import dev.estuary.core.internal.admin.AdminViews.GroupView;
import dev.estuary.core.internal.admin.AdminViews.KeysView;
import dev.estuary.core.internal.admin.AdminViews.SetExport;
import dev.estuary.core.internal.admin.AdminViews.StatusView;
import dev.estuary.core.internal.admin.AdminViews.TokenView;
import dev.estuary.core.internal.admin.AdminViews.UserView;
import dev.estuary.core.internal.admin.AdminViews.VolumeView;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the CLI can change or ask, whether the data directory is stopped or served. Failures are
 * {@link dev.estuary.dfs.DfsException}, {@link IllegalArgumentException} or {@link
 * dev.estuary.core.internal.GatewayException} with a one-line message.
 */
public interface AdminOperations extends AutoCloseable {

  /**
   * Lists volumes.
   *
   * @return volumes in name order
   */
  List<VolumeView> listVolumes();

  /**
   * Creates a volume.
   *
   * @param request name, root mode and owner
   * @return the new volume
   */
  VolumeView createVolume(CreateVolume request);

  /**
   * Deletes a volume.
   *
   * @param name the volume
   * @param force whether to delete a volume that still has entries
   */
  void deleteVolume(String name, boolean force);

  /**
   * Shows one volume.
   *
   * @param name the volume
   * @return the volume with its export rules
   */
  VolumeView showVolume(String name);

  /**
   * Adds or replaces the NFS export rule of one client range of a volume.
   *
   * @param name the volume
   * @param rule the rule
   * @return the volume with its export rules
   */
  VolumeView exportVolume(String name, SetExport rule);

  /**
   * Removes the NFS export rule of one client range, or all of them.
   *
   * @param name the volume
   * @param clients the range whose rule goes, or null to close the volume to every client
   * @return the volume with the rules left
   */
  VolumeView unexportVolume(String name, @Nullable String clients);

  /**
   * Lists groups.
   *
   * @return groups in name order
   */
  List<GroupView> listGroups();

  /**
   * Adds a group.
   *
   * @param request name and optional gid
   * @return the new group
   */
  GroupView addGroup(AddGroup request);

  /**
   * Deletes a group; its gid is never given again.
   *
   * @param name the group
   */
  void deleteGroup(String name);

  /**
   * Adds a user to a group or removes them.
   *
   * @param group the group
   * @param user the user
   * @param member true to add, false to remove
   */
  void setMember(String group, String user, boolean member);

  /**
   * Lists users.
   *
   * @return users in name order
   */
  List<UserView> listUsers();

  /**
   * Adds a user.
   *
   * @param request the user
   * @return the user with its keys and any generated password
   */
  AddedUser addUser(AddUser request);

  /**
   * Deletes a user.
   *
   * @param name the user
   */
  void deleteUser(String name);

  /**
   * Changes a password.
   *
   * @param name the user
   * @param password the new password
   */
  void setPassword(String name, String password);

  /**
   * Shows a user's S3 keys.
   *
   * @param name the user
   * @return the keys
   */
  KeysView keys(String name);

  /**
   * Replaces a user's S3 keys.
   *
   * @param name the user
   * @return the new keys
   */
  KeysView rotateKeys(String name);

  /**
   * Lists the SSE-S3 master keys (ids only).
   *
   * @return the keys
   */
  AdminViews.SseKeysView sseKeys();

  /**
   * Adds a new SSE-S3 master key: objects written from now on get data keys wrapped by it; older
   * objects keep theirs, wrapped by the older keys, which stay.
   *
   * @return the keys after the rotation
   */
  AdminViews.SseKeysView rotateSseKey();

  /**
   * Creates an API token.
   *
   * @param name the user
   * @param description what it is for
   * @return the token, shown once
   */
  TokenView createToken(String name, String description);

  /**
   * Revokes an API token.
   *
   * @param name the user
   * @param tokenId the token id
   */
  void revokeToken(String name, String tokenId);

  /**
   * Grants or removes a volume permission.
   *
   * @param name the user
   * @param grant volume and permission ({@code none} removes)
   */
  void grant(String name, Grant grant);

  /**
   * Gives or revokes a user's right to create buckets (by default every user has it).
   *
   * @param name the user
   * @param right whether the user may create buckets
   */
  void createBuckets(String name, AdminViews.CreateBuckets right);

  /**
   * Reports status.
   *
   * @return the status
   */
  StatusView status();

  /** Releases what the operations opened. */
  @Override
  void close();
}
