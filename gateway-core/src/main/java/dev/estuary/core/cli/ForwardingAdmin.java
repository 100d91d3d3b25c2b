package dev.estuary.core.cli;

import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.AdminViews;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Admin operations passed on to another implementation, for decorators. */
class ForwardingAdmin implements AdminOperations {
  private final AdminOperations delegate;

  ForwardingAdmin(AdminOperations delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<AdminViews.VolumeView> listVolumes() {
    return delegate.listVolumes();
  }

  @Override
  public AdminViews.VolumeView createVolume(AdminViews.CreateVolume request) {
    return delegate.createVolume(request);
  }

  @Override
  public void deleteVolume(String name, boolean force) {
    delegate.deleteVolume(name, force);
  }

  @Override
  public AdminViews.VolumeView showVolume(String name) {
    return delegate.showVolume(name);
  }

  @Override
  public AdminViews.VolumeView exportVolume(String name, AdminViews.SetExport rule) {
    return delegate.exportVolume(name, rule);
  }

  @Override
  public AdminViews.VolumeView unexportVolume(String name, @Nullable String clients) {
    return delegate.unexportVolume(name, clients);
  }

  @Override
  public List<AdminViews.GroupView> listGroups() {
    return delegate.listGroups();
  }

  @Override
  public AdminViews.GroupView addGroup(AdminViews.AddGroup request) {
    return delegate.addGroup(request);
  }

  @Override
  public void deleteGroup(String name) {
    delegate.deleteGroup(name);
  }

  @Override
  public void setMember(String group, String user, boolean member) {
    delegate.setMember(group, user, member);
  }

  @Override
  public List<AdminViews.UserView> listUsers() {
    return delegate.listUsers();
  }

  @Override
  public AdminViews.AddedUser addUser(AdminViews.AddUser request) {
    return delegate.addUser(request);
  }

  @Override
  public void deleteUser(String name) {
    delegate.deleteUser(name);
  }

  @Override
  public void setPassword(String name, String password) {
    delegate.setPassword(name, password);
  }

  @Override
  public AdminViews.KeysView keys(String name) {
    return delegate.keys(name);
  }

  @Override
  public AdminViews.KeysView rotateKeys(String name) {
    return delegate.rotateKeys(name);
  }

  @Override
  public AdminViews.SseKeysView sseKeys() {
    return delegate.sseKeys();
  }

  @Override
  public AdminViews.SseKeysView rotateSseKey() {
    return delegate.rotateSseKey();
  }

  @Override
  public AdminViews.TokenView createToken(String name, String description) {
    return delegate.createToken(name, description);
  }

  @Override
  public void revokeToken(String name, String tokenId) {
    delegate.revokeToken(name, tokenId);
  }

  @Override
  public void grant(String name, AdminViews.Grant grant) {
    delegate.grant(name, grant);
  }

  @Override
  public void createBuckets(String name, AdminViews.CreateBuckets right) {
    delegate.createBuckets(name, right);
  }

  @Override
  public AdminViews.StatusView status() {
    return delegate.status();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
