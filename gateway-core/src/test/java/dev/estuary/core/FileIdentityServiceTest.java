package dev.estuary.core;

/** The identity service contract on the file-backed {@link UserStore}. */
class FileIdentityServiceTest extends IdentityServiceContract {
  @Override
  protected IdentityService serve(UserStore populated) {
    return populated;
  }
}
