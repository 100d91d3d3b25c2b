package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChangeInfo;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.state.FileKey;
import dev.estuary.nfs.internal.state.NfsClient;
import dev.estuary.nfs.internal.state.Share;
import dev.estuary.nfs.internal.state.StateException;
import dev.estuary.nfs.internal.state.StateTable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.BitSet;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * OPEN (RFC 8881 §18.16). Claims: CLAIM_NULL (by name in the current directory, creating with UNCHECKED4,
 * GUARDED4, EXCLUSIVE4 or EXCLUSIVE4_1), CLAIM_FH (the current file) and CLAIM_PREVIOUS (a reclaim during
 * the grace period, §8.4.2.1); the others need the grace period over and the client's RECLAIM_COMPLETE
 * (NFS4ERR_GRACE, §18.51.3). No delegation is ever granted, so CLAIM_DELEGATE_CUR / CLAIM_DELEG_CUR_FH name
 * a stateid this server never issued (NFS4ERR_BAD_STATEID), and CLAIM_DELEGATE_PREV / CLAIM_DELEG_PREV_FH
 * (delegations kept across a client restart) are NFS4ERR_NOTSUPP; a delegation wish (OPEN4_SHARE_ACCESS_WANT_*)
 * gets OPEN_DELEGATE_NONE_EXT with the reason. The file is found or created through the caller's checked view
 * (the POSIX checker and the volume's defaults apply); the share reservation goes to the backend, so SMB users
 * see it; the open's handle stays open until CLOSE.
 *
 * <p>An exclusive create stores its verifier in the new file's access and modification times (seconds: the
 * verifier's two 32-bit halves), so a retry finds the same file and succeeds, and any other existing file is
 * NFS4ERR_EXIST (§18.16.3); suppattr_exclcreat therefore leaves the times out.
 */
public final class OpenOp implements Operation<NfsArgs.Open> {
    /** The OPEN4_SHARE_ACCESS_WANT_* field of share_access. */
    static final int WANT_MASK = 0xff00;
    /** OPEN4_SHARE_ACCESS_WANT_NO_DELEG. */
    static final int WANT_NO_DELEG = 0x0400;
    /** OPEN4_SHARE_ACCESS_WANT_CANCEL. */
    static final int WANT_CANCEL = 0x0500;
    /**
     * OPEN4_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL and _PUSH_DELEG_WHEN_UNCONTENDED (RFC 8881), and
     * _WANT_DELEG_TIMESTAMPS and _WANT_OPEN_XOR_DELEGATION (RFC 9754): wishes about delegations, which this
     * server never grants, so they change nothing.
     */
    static final int WANT_FLAGS = 0x30000 | 0x100000 | 0x200000;
    /**
     * What EXCLUSIVE4_1 may set (suppattr_exclcreat, attribute 75): size (0), mode, owner, owner_group; not the
     * times, which carry the verifier.
     */
    static final Bitmap EXCLUSIVE_SETTABLE = Bitmap.of(4, 33, 36, 37);
    /** OPEN4_RESULT_LOCKTYPE_POSIX: byte-range locks are POSIX-style (§18.16.4). */
    static final int RESULT_LOCKTYPE_POSIX = 0x4;
    /** why_no_delegation4 values (§18.16.3). */
    static final int WND4_NOT_WANTED = 0;
    static final int WND4_CONTENTION = 1;
    static final int WND4_NOT_SUPP_FTYPE = 3;
    static final int WND4_CANCELLED = 7;
    private static final ChangeInfo NO_CHANGE = new ChangeInfo(false, 0, 0);

    /** What the claim found: the file, whether it was created, the directory's change, the attributes set. */
    private record Target(Attributes file, boolean created, ChangeInfo cinfo, Bitmap attrSet, boolean truncate) {
    }

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Open args) throws NfsException, StateException {
        NfsClient client = StateOps.client(ctx);
        int access = args.shareAccess() & Share.BOTH;
        int want = args.shareAccess() & WANT_MASK;
        if ((args.shareAccess() & ~(Share.BOTH | WANT_MASK | WANT_FLAGS)) != 0 || access == 0 || want > WANT_CANCEL
                || args.shareDeny() < 0 || args.shareDeny() > Share.BOTH) {
            throw new NfsException(NfsStatus.INVAL, "share_access/share_deny: 0x" + Integer.toHexString(args.shareAccess())
                    + "/" + args.shareDeny() + " (expected: READ, WRITE or BOTH with a WANT value up to CANCEL,"
                    + " and a deny of NONE, READ, WRITE or BOTH)");
        }
        StateTable table = ctx.services().state();
        FileRef cur = ctx.current();
        if (args.how() != null || (access & Share.WRITE) != 0) {
            // Creating, or opening for writing, on a read-only export (or in the pseudo-root): NFS4ERR_ROFS,
            // the file system's refusal, as the namespace operations answer it.
            Mutations.requireWritable(ctx, cur);
        }
        if (args.how() != null && !(args.claim() instanceof NfsArgs.OpenClaim.Null)) {
            throw new NfsException(NfsStatus.INVAL, "OPEN4_CREATE with claim " + args.claim().getClass().getSimpleName()
                    + " (expected: CLAIM_NULL, the only claim with a name to create)");
        }
        Target t = switch (args.claim()) {
            case NfsArgs.OpenClaim.Null n -> {
                FileRef.InVolume dir = switch (cur) {
                    case FileRef.InVolume v -> v;
                    case FileRef.PseudoRoot r -> throw new NfsException(NfsStatus.ISDIR, "OPEN in the pseudo-root"
                            + " (expected: a directory of a volume)");
                };
                String name = Names.component(n.file());
                noGrace(table, client);
                yield byName(ctx, dir, name, args, access);
            }
            case NfsArgs.OpenClaim.Fh f -> {
                noGrace(table, client);
                yield existing(ctx, StateOps.file(ctx));
            }
            case NfsArgs.OpenClaim.Previous p -> {
                NfsStatus may = table.grace().reclaim(client.ownerId(), client.reclaimComplete());
                if (may != NfsStatus.OK) {
                    throw new NfsException(may, "CLAIM_PREVIOUS: no grace period, or nothing this client may"
                            + " reclaim (expected: a client of the previous instance, before its RECLAIM_COMPLETE)");
                }
                if (p.delegateType() != 0) {
                    throw new NfsException(NfsStatus.RECLAIM_BAD, "CLAIM_PREVIOUS of delegation type "
                            + p.delegateType() + " (expected: OPEN_DELEGATE_NONE, this server never delegates)");
                }
                yield existing(ctx, StateOps.file(ctx));
            }
            case NfsArgs.OpenClaim.DelegateCur d -> throw noDelegation(d.delegateStateid().other());
            case NfsArgs.OpenClaim.DelegCurFh d -> throw noDelegation(d.delegateStateid().other());
            case NfsArgs.OpenClaim.DelegatePrev d -> throw new NfsException(NfsStatus.NOTSUPP,
                    "CLAIM_DELEGATE_PREV (expected: no delegation claims, this server never delegates)");
            case NfsArgs.OpenClaim.DelegPrevFh d -> throw new NfsException(NfsStatus.NOTSUPP,
                    "CLAIM_DELEG_PREV_FH (expected: no delegation claims, this server never delegates)");
        };
        FileRef.InVolume dirOrFile = (FileRef.InVolume) cur;
        FileRef.InVolume file = new FileRef.InVolume(dirOrFile.volume(), dirOrFile.volumeRoot(), t.file().id());
        CheckedVolume view = ctx.view(file.volume());
        FileKey key = StateOps.key(file);
        // Asked before the open's own reservation exists, so the open does not contend with itself.
        NfsResult.Delegation deleg = delegation(want,
                () -> table.others().contended(key, view, access != Share.READ));
        Attributes a = t.file();
        IntFunction<FileHandle> opener = acc -> view.open(a.id(), mode(acc, view, a));
        StateTable.OpenGrant g;
        try {
            g = table.open(client, args.owner().owner(), key, view, access, args.shareDeny(), opener);
        } catch (DfsException e) {
            // A reservation of a client whose lease expired stands in no one's way (§8.3).
            if (e.kind() != ErrorKind.SHARING_VIOLATION || ctx.services().clients().expireLeases() == 0) {
                throw e;
            }
            g = table.open(client, args.owner().owner(), key, view, access, args.shareDeny(), opener);
        }
        Bitmap attrSet = t.attrSet();
        if (t.truncate()) {
            g.handle().truncate(0);
            if (!t.created()) {
                attrSet = Bitmap.of(4);
            }
        }
        ctx.setCurrent(file);
        ctx.setCurrentStateid(g.stateid());
        return NfsResult.ok(args.op(), new NfsResult.OpenOk(g.stateid(), t.cinfo(), RESULT_LOCKTYPE_POSIX, attrSet,
                deleg));
    }

    private static NfsException noDelegation(Bytes other) {
        return new NfsException(NfsStatus.BAD_STATEID, "delegation stateid: " + other
                + " (expected: a delegation this server granted; it grants none)");
    }

    /**
     * NFS4ERR_GRACE for a new open during grace (it could conflict with state still to be reclaimed, §8.4.2),
     * and before the client's RECLAIM_COMPLETE (§18.51.3: a client sends it before its first non-reclaim
     * locking operation).
     */
    static void noGrace(StateTable table, NfsClient client) throws NfsException {
        if (table.grace().inGrace()) {
            throw new NfsException(NfsStatus.GRACE, "a non-reclaim OPEN or LOCK during the grace period"
                    + " (expected: after it)");
        }
        if (!client.reclaimComplete()) {
            throw new NfsException(NfsStatus.GRACE, "client " + Long.toHexString(client.id()) + ": a non-reclaim"
                    + " OPEN or LOCK before RECLAIM_COMPLETE (expected: RECLAIM_COMPLETE first, RFC 8881 §18.51.3)");
        }
    }

    /** The backend mode for a share access: a write-only open also reads when its caller may (§18.22.3). */
    private static OpenMode mode(int access, CheckedVolume view, Attributes a) {
        return switch (access) {
            case Share.READ -> OpenMode.READ;
            case Share.WRITE -> view.mayRead(a) ? OpenMode.READ_WRITE : OpenMode.WRITE;
            default -> OpenMode.READ_WRITE;
        };
    }

    /**
     * open_delegation4 (§18.16.3): no wish is OPEN_DELEGATE_NONE; a wish for none, or a cancel, is answered with
     * its reason; a wish for a delegation with CONTENTION when others have the file open in a way a delegation
     * would conflict with, else NOT_SUPP_FTYPE: this server delegates no file type.
     */
    private static NfsResult.Delegation delegation(int want, BooleanSupplier contention) {
        return switch (want) {
            case 0 -> new NfsResult.Delegation.None();
            case WANT_NO_DELEG -> new NfsResult.Delegation.NoneExt(WND4_NOT_WANTED, null);
            case WANT_CANCEL -> new NfsResult.Delegation.NoneExt(WND4_CANCELLED, null);
            default -> contention.getAsBoolean() ? new NfsResult.Delegation.NoneExt(WND4_CONTENTION, false)
                    : new NfsResult.Delegation.NoneExt(WND4_NOT_SUPP_FTYPE, null);
        };
    }

    /** CLAIM_FH and CLAIM_PREVIOUS: the current file, which must be a regular file. */
    private static Target existing(OpContext ctx, FileRef.InVolume f) throws NfsException {
        Attributes a = ctx.view(f.volume()).getAttributes(f.id());
        requireRegular(a);
        return new Target(a, false, NO_CHANGE, Bitmap.EMPTY, false);
    }

    /** NFS4ERR_ISDIR for a directory, NFS4ERR_SYMLINK for a symbolic link (§18.16.3). */
    private static void requireRegular(Attributes a) throws NfsException {
        SpecialStateids.requireRegular(a);
    }

    /** CLAIM_NULL: looks the name up, or creates it as {@code how} says. */
    private static Target byName(OpContext ctx, FileRef.InVolume dir, String name, NfsArgs.Open args, int access)
            throws NfsException {
        CheckedVolume view = ctx.view(dir.volume());
        Attributes d = Mutations.directory(view, dir);
        NfsArgs.CreateHow how = args.how();
        if (how == null) {
            Attributes a = view.lookup(dir.id(), name);
            requireRegular(a);
            return new Target(a, false, new ChangeInfo(false, d.change(), d.change()), Bitmap.EMPTY, false);
        }
        return switch (how) {
            case NfsArgs.CreateHow.Unchecked u -> createChecked(ctx, view, d, dir, name,
                    createAttrs(ctx, u.createAttrs(), false), access, false);
            case NfsArgs.CreateHow.Guarded g -> createChecked(ctx, view, d, dir, name,
                    createAttrs(ctx, g.createAttrs(), false), access, true);
            case NfsArgs.CreateHow.Exclusive e -> createExclusive(ctx, view, d, dir, name, e.createVerf(), null);
            case NfsArgs.CreateHow.Exclusive41 e -> createExclusive(ctx, view, d, dir, name, e.createVerf(),
                    createAttrs(ctx, e.createAttrs(), true));
        };
    }

    /**
     * OPEN's createattrs, as SETATTR's ({@link AttrChanges}) with two limits: a size may only be 0 (truncate
     * an existing file, §18.16.3), and EXCLUSIVE4_1 sets only {@link #EXCLUSIVE_SETTABLE} (suppattr_exclcreat).
     *
     * @throws NfsException NFS4ERR_INVAL for another size or attribute, and as {@link AttrChanges#decode}
     */
    private static AttrChanges createAttrs(OpContext ctx, Fattr4 fattr, boolean exclusive) throws NfsException {
        AttrChanges a = AttrChanges.decode(ctx, fattr, false);
        Long size = a.size();
        if (size != null && size != 0) {
            throw new NfsException(NfsStatus.INVAL, "createattrs size: " + size + " (expected: 0, the only size"
                    + " OPEN sets)");
        }
        if (exclusive) {
            BitSet extra = a.mask().toBitSet();
            extra.andNot(EXCLUSIVE_SETTABLE.toBitSet());
            if (!extra.isEmpty()) {
                throw new NfsException(NfsStatus.INVAL, "EXCLUSIVE4_1 createattrs: " + extra + " (expected: only"
                        + " suppattr_exclcreat " + EXCLUSIVE_SETTABLE + ")");
            }
        }
        return a;
    }

    /** The owner of a new file: the ids given, else what {@link Mutations#newOwner} gives. */
    private static Ownership owner(OpContext ctx, CheckedVolume view, Attributes dir, @Nullable AttrChanges attrs)
            throws NfsException {
        Ownership fallback = Mutations.newOwner(ctx, view, dir);
        if (attrs == null) {
            return fallback;
        }
        return new Ownership(attrs.uid() != null ? attrs.uid() : fallback.uid(),
                attrs.gid() != null ? attrs.gid() : fallback.gid());
    }

    /** The attributes a new file was made with, for attrset: mode, owner and owner_group as given. */
    private static BitSet madeWith(@Nullable AttrChanges attrs) {
        BitSet set = new BitSet();
        if (attrs != null) {
            set.or(attrs.mask().toBitSet());
            set.and(Bitmap.of(33, 36, 37).toBitSet());
        }
        return set;
    }

    /**
     * UNCHECKED4 (an existing file is opened; a size of 0 truncates it) and GUARDED4 (an existing name is
     * NFS4ERR_EXIST). The backend's exclusive create decides who made the file, so a new file may be opened
     * whatever mode it was given, as open(O_CREAT) allows its creator. Times given are set on a new file.
     */
    private static Target createChecked(OpContext ctx, CheckedVolume view, Attributes d, FileRef.InVolume dir,
            String name, AttrChanges attrs, int access, boolean guarded) throws NfsException {
        boolean truncate = attrs.size() != null;
        if (truncate && (access & Share.WRITE) == 0) {
            throw new NfsException(NfsStatus.INVAL, "createattrs size 0 with share access " + access
                    + " (expected: write access to truncate)");
        }
        Integer mode = attrs.mode();
        Attributes a;
        try {
            a = view.create(dir.id(), name, mode != null ? mode : view.defaults().fileMode(),
                    owner(ctx, view, d, attrs), true);
        } catch (DfsException e) {
            if (e.kind() != ErrorKind.EXISTS || guarded) {
                throw e;
            }
            a = view.lookup(dir.id(), name);
            requireRegular(a);
            return new Target(a, false, new ChangeInfo(false, d.change(), d.change()), Bitmap.EMPTY, truncate);
        }
        BitSet set = madeWith(attrs);
        SetAttributes times = attrs.timesOnly(ctx.services().clients().clock().instant());
        if (!times.isEmpty()) {
            a = view.setAttributes(a.id(), times, attrs.timesToNow());
            set.or(attrs.timeMask().toBitSet());
        }
        return new Target(a, true, Mutations.changeInfo(d.change(), view, dir.id()), Bitmap.of(set.stream().toArray()),
                false);
    }

    /**
     * EXCLUSIVE4 and EXCLUSIVE4_1 (§18.16.3): creates the file with the verifier in its times; an existing file
     * with the same verifier is the retry of this create and is opened as if created, any other existing
     * entry is NFS4ERR_EXIST.
     */
    private static Target createExclusive(OpContext ctx, CheckedVolume view, Attributes d, FileRef.InVolume dir,
            String name, Bytes verifier, @Nullable AttrChanges attrs) throws NfsException {
        ByteBuffer v = ByteBuffer.wrap(verifier.toArray());
        Instant atime = Instant.ofEpochSecond(v.getInt() & 0xffffffffL);
        Instant mtime = Instant.ofEpochSecond(v.getInt() & 0xffffffffL);
        Integer mode = attrs == null ? null : attrs.mode();
        Bitmap attrSet = Bitmap.of(madeWith(attrs).stream().toArray());
        Attributes a;
        try {
            a = view.create(dir.id(), name, mode != null ? mode : view.defaults().fileMode(),
                    owner(ctx, view, d, attrs), true);
        } catch (DfsException e) {
            if (e.kind() != ErrorKind.EXISTS) {
                throw e;
            }
            Attributes old = view.lookup(dir.id(), name);
            if (old.type() == ObjectType.FILE && old.accessTime().equals(atime) && old.modifyTime().equals(mtime)) {
                return new Target(old, true, new ChangeInfo(false, d.change(), d.change()), attrSet, false);
            }
            throw new NfsException(NfsStatus.EXIST, "name: '" + name + "' exists with another create verifier"
                    + " (expected: a new name, or the retry of the same exclusive create)");
        }
        a = view.setAttributes(a.id(), new SetAttributes(null, null, null, null, atime, mtime, null));
        return new Target(a, true, Mutations.changeInfo(d.change(), view, dir.id()), attrSet, false);
    }
}
