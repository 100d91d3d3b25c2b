package dev.estuary.core.internal.remote;

import dev.estuary.core.ClientRange;
import dev.estuary.core.Group;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NfsSquash;
import dev.estuary.core.NtIdentity;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.core.S3Identity;
import dev.estuary.core.Secret;
import dev.estuary.core.internal.remote.proto.GroupReply;
import dev.estuary.core.internal.remote.proto.NfsExportRulesReply;
import dev.estuary.core.internal.remote.proto.NtIdentityReply;
import dev.estuary.core.internal.remote.proto.PrincipalMessage;
import dev.estuary.core.internal.remote.proto.PrincipalReply;
import dev.estuary.core.internal.remote.proto.S3IdentityReply;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The identity service's values in both directions: {@code core} records to messages ({@code
 * to...}) and back ({@code from...}). Every enum value is mapped explicitly, so an unknown value
 * from a newer peer is refused by name instead of being read as a default.
 */
final class IdentityMessages {
  private IdentityMessages() {}

  static PrincipalMessage toMessage(Principal p) {
    PrincipalMessage.Builder b = PrincipalMessage.newBuilder().setName(p.name()).setUid(p.uid())
        .setGid(p.gid()).setAdmin(p.admin()).setCreateBuckets(p.createBuckets());
    p.volumes().forEach((volume, permission) -> b.putVolumes(volume, toMessage(permission)));
    p.gids().stream().sorted().forEach(b::addGids);
    return b.build();
  }

  static Principal fromMessage(PrincipalMessage m) {
    Map<String, Permission> volumes = new TreeMap<>();
    m.getVolumesMap().forEach((volume, permission) -> volumes.put(volume, fromMessage(permission)));
    Set<Integer> gids = new HashSet<>(m.getGidsList());
    return new Principal(m.getName(), m.getUid(), m.getGid(), m.getAdmin(), volumes, gids,
        m.getCreateBuckets());
  }

  static PrincipalReply toReply(Optional<Principal> p) {
    return p.map(x -> PrincipalReply.newBuilder().setFound(true).setPrincipal(toMessage(x)).build())
        .orElse(PrincipalReply.getDefaultInstance());
  }

  static Optional<Principal> fromReply(PrincipalReply r) {
    return r.getFound() ? Optional.of(fromMessage(r.getPrincipal())) : Optional.empty();
  }

  static S3IdentityReply toS3Reply(Optional<S3Identity> id) {
    return id.map(x -> S3IdentityReply.newBuilder().setFound(true)
        .setPrincipal(toMessage(x.principal())).setSecretKey(x.secretKey().reveal()).build())
        .orElse(S3IdentityReply.getDefaultInstance());
  }

  static Optional<S3Identity> fromS3Reply(S3IdentityReply r) {
    return r.getFound()
        ? Optional.of(new S3Identity(fromMessage(r.getPrincipal()), new Secret(r.getSecretKey())))
        : Optional.empty();
  }

  static NtIdentityReply toNtReply(Optional<NtIdentity> id) {
    return id.map(x -> NtIdentityReply.newBuilder().setFound(true)
        .setPrincipal(toMessage(x.principal())).setNtHash(x.ntHash().reveal()).build())
        .orElse(NtIdentityReply.getDefaultInstance());
  }

  static Optional<NtIdentity> fromNtReply(NtIdentityReply r) {
    return r.getFound()
        ? Optional.of(new NtIdentity(fromMessage(r.getPrincipal()), new Secret(r.getNtHash())))
        : Optional.empty();
  }

  static GroupReply toGroupReply(Optional<Group> g) {
    return g.map(x -> GroupReply.newBuilder().setFound(true).setName(x.name()).setGid(x.gid())
        .addAllMembers(x.members()).build()).orElse(GroupReply.getDefaultInstance());
  }

  static Optional<Group> fromGroupReply(GroupReply r) {
    return r.getFound() ? Optional.of(new Group(r.getName(), r.getGid(), r.getMembersList()))
        : Optional.empty();
  }

  static NfsExportRulesReply toRulesReply(List<NfsExportRule> rules) {
    NfsExportRulesReply.Builder b = NfsExportRulesReply.newBuilder();
    for (NfsExportRule r : rules) {
      b.addRules(dev.estuary.core.internal.remote.proto.NfsExportRule.newBuilder()
          .setClients(r.clients().cidr()).setReadWrite(r.readWrite())
          .setSquash(toMessage(r.squash())).setAnonUid(r.anonUid()).setAnonGid(r.anonGid()));
    }
    return b.build();
  }

  static List<NfsExportRule> fromRulesReply(NfsExportRulesReply reply) {
    return reply.getRulesList().stream().map(r -> new NfsExportRule(
        ClientRange.parse(r.getClients()), r.getReadWrite(), fromMessage(r.getSquash()),
        r.getAnonUid(), r.getAnonGid())).toList();
  }

  private static dev.estuary.core.internal.remote.proto.Permission toMessage(Permission p) {
    return switch (p) {
      case READ -> dev.estuary.core.internal.remote.proto.Permission.PERMISSION_READ;
      case WRITE -> dev.estuary.core.internal.remote.proto.Permission.PERMISSION_WRITE;
      case ADMIN -> dev.estuary.core.internal.remote.proto.Permission.PERMISSION_ADMIN;
    };
  }

  private static Permission fromMessage(dev.estuary.core.internal.remote.proto.Permission p) {
    return switch (p) {
      case PERMISSION_READ -> Permission.READ;
      case PERMISSION_WRITE -> Permission.WRITE;
      case PERMISSION_ADMIN -> Permission.ADMIN;
      case PERMISSION_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException(
          "permission: " + p + " (expected: read, write or admin)");
    };
  }

  private static dev.estuary.core.internal.remote.proto.NfsSquash toMessage(NfsSquash s) {
    return switch (s) {
      case NO_ROOT_SQUASH -> dev.estuary.core.internal.remote.proto.NfsSquash.NFS_SQUASH_NO_ROOT_SQUASH;
      case ROOT_SQUASH -> dev.estuary.core.internal.remote.proto.NfsSquash.NFS_SQUASH_ROOT_SQUASH;
      case ALL_SQUASH -> dev.estuary.core.internal.remote.proto.NfsSquash.NFS_SQUASH_ALL_SQUASH;
    };
  }

  private static NfsSquash fromMessage(dev.estuary.core.internal.remote.proto.NfsSquash s) {
    return switch (s) {
      case NFS_SQUASH_NO_ROOT_SQUASH -> NfsSquash.NO_ROOT_SQUASH;
      case NFS_SQUASH_ROOT_SQUASH -> NfsSquash.ROOT_SQUASH;
      case NFS_SQUASH_ALL_SQUASH -> NfsSquash.ALL_SQUASH;
      case NFS_SQUASH_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException(
          "squash: " + s + " (expected: root_squash, all_squash or no_root_squash)");
    };
  }
}
