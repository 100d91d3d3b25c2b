package dev.estuary.core;

import dev.estuary.core.NfsAccess.Granted;
import dev.estuary.core.NfsAccess.Refused;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resolver of NFS export rules: {@code (rules of a volume, client address, credential) ->
 * effective identity or refused}. Closed by default: a volume without rules is refused to every
 * client. Among the rules whose range holds the client, the most specific (longest prefix) wins,
 * so {@code 10.0.0.0/8 ro} with {@code 10.1.0.0/16 rw} gives 10.1.x.x read-write whatever the order
 * the rules were added in. Squashing follows exports(5) and Linux nfsd ({@code nfsd_setuser}):
 * AUTH_NONE and {@code all_squash} callers become {@code anonuid}/{@code anongid} with no other
 * group; {@code root_squash} replaces uid 0 by {@code anonuid} and gid 0, primary or
 * supplementary, by {@code anongid}. A pure function: stateless and thread-safe.
 */
public final class NfsExports {
  private NfsExports() {}

  /**
   * Decides one call.
   *
   * @param volume the volume name, for the refusal message
   * @param rules the volume's rules
   * @param client the client's address
   * @param credential the call's credential
   * @return the effective identity, or the refusal
   */
  public static NfsAccess resolve(String volume, List<NfsExportRule> rules, InetAddress client,
      NfsCredential credential) {
    if (rules.isEmpty()) {
      return new Refused("volume '" + volume + "' is not exported (expected: estuary volume export "
          + volume + " --clients RANGE)");
    }
    NfsExportRule best = null;
    for (NfsExportRule r : rules) {
      if (r.clients().contains(client)
          && (best == null || r.clients().prefix() > best.clients().prefix())) {
        best = r;
      }
    }
    if (best == null) {
      return new Refused("client " + client.getHostAddress() + " is in no export rule of volume '"
          + volume + "' (rules: " + rules.stream().map(r -> r.clients().cidr()).toList() + ")");
    }
    boolean ro = !best.readWrite();
    if (!credential.authSys() || best.squash() == NfsSquash.ALL_SQUASH) {
      return new Granted(best.anonUid(), best.anonGid(), Set.of(), ro, true);
    }
    if (best.squash() == NfsSquash.NO_ROOT_SQUASH) {
      return new Granted(credential.uid(), credential.gid(), new TreeSet<>(credential.gids()), ro,
          false);
    }
    boolean squashed = false;
    int uid = credential.uid();
    if (uid == 0) {
      uid = best.anonUid();
      squashed = true;
    }
    int gid = credential.gid();
    if (gid == 0) {
      gid = best.anonGid();
      squashed = true;
    }
    Set<Integer> gids = new TreeSet<>();
    for (int g : credential.gids()) {
      if (g == 0) {
        gids.add(best.anonGid());
        squashed = true;
      } else {
        gids.add(g);
      }
    }
    return new Granted(uid, gid, gids, ro, squashed);
  }
}
