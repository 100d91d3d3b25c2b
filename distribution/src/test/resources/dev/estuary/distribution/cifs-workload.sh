#!/bin/sh
# LinuxCifsClientIT's workload, run as root in the qemu guest (testing/linux-guest) against
# `estuary serve`: the kernel cifs client mounts the share four times in a row (3.1.1, 3.1.1 sealed,
# 3.0, 2.1), each mount works in its own directory, then the kernel NFS client reads what cifs wrote.
# The test replaces the @NAME@ tokens. Result files go to $GUEST_OUT (the working directory), named
# after the mount's tag.
set -eu
SMB_PORT=@SMB_PORT@
NFS_PORT=@NFS_PORT@
SHARE=@SHARE@
# The user and password (mount.cifs credentials file: no quoting trouble, not on a command line).
CREDENTIALS=/io/in/smb-credentials
# tag:files:MiB:holes:options, space separated: the directory and result names, how many small files,
# the size of the large file, whether the client punches holes and seeks data over this dialect (cifs
# sends FSCTL_SET_ZERO_DATA and FSCTL_QUERY_ALLOCATED_RANGES only from SMB 3.0 on; over 2.1 it answers
# fallocate(PUNCH_HOLE) with EOPNOTSUPP itself), and the mount options that pick dialect and sealing.
MOUNTS="@MOUNTS@"

step() { echo "step $1 at $(cut -d' ' -f1 /proc/uptime) s"; }
drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
modprobe cifs
mkdir -p /mnt/s /mnt/s2 /mnt/n
big_mib=0
for m in $MOUNTS; do
  r=${m#*:}; r=${r#*:}; n=${r%%:*}
  [ "$n" -gt "$big_mib" ] && big_mib=$n
done
head -c "${big_mib}M" /dev/urandom >/tmp/big

cifs_mount() {   # $1 mount point, $2 options
  mount -t cifs "//10.0.2.2/$SHARE" "$1" \
    -o "port=$SMB_PORT,credentials=$CREDENTIALS,sec=ntlmssp,$2"
}

workload() {   # $1 tag, $2 small files, $3 MiB, $4 holes (yes/no), $5 mount options
  T=$1
  D=/mnt/s/$T
  step "mount-$T"
  cifs_mount /mnt/s "$5"
  grep ' /mnt/s ' /proc/mounts >"mount-$T.txt"
  # Dialect, signing and encryption as the client sees them.
  cat /proc/fs/cifs/DebugData >"debugdata-$T.txt"
  cat /mnt/s/from-s3.txt >"from-s3-$T.txt"
  mkdir "$D"

  step "big-file-$T"
  head -c "$3M" /tmp/big | sha256sum | cut -d' ' -f1 >"big-$T.sha256"
  dd if=/tmp/big of="$D/big.bin" bs=1M count="$3" conv=fsync 2>"dd-write-$T.txt"
  drop
  sha256sum <"$D/big.bin" | cut -d' ' -f1 >"big-read-$T.sha256"
  cmp "big-$T.sha256" "big-read-$T.sha256"

  step "copy-$T"
  # cp --reflink=never uses copy_file_range, which cifs sends as FSCTL_SRV_COPYCHUNK_WRITE.
  cp --reflink=never "$D/big.bin" "$D/big.copy"
  D="$D" /usr/bin/python3 - <<'PY'
import os
d = os.environ['D']
src = os.open(f'{d}/big.bin', os.O_RDONLY)
dst = os.open(f'{d}/part.bin', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
left = 1 << 20
off_in, off_out = 3 << 20, 0
while left:
    n = os.copy_file_range(src, dst, left, off_in, off_out)
    assert n > 0, n
    left -= n; off_in += n; off_out += n
os.fsync(dst)
PY
  # The test compares big.copy and part.bin with big.bin through S3.

  step "small-files-$T"
  D="$D" N="$2" /usr/bin/python3 - <<'PY'
import errno, os
d = os.environ['D'] + '/many'
n = int(os.environ['N'])
keep = n // 10
os.mkdir(d)
for i in range(n):
    with open(f'{d}/f{i:04d}', 'w') as f:
        f.write(f'file {i}\n')
names = sorted(os.listdir(d))
assert names == [f'f{i:04d}' for i in range(n)], (len(names), names[:5])
for i in range(n):
    os.rename(f'{d}/f{i:04d}', f'{d}/g{i:04d}')
names = sorted(os.listdir(d))
assert names == [f'g{i:04d}' for i in range(n)], (len(names), names[:5])
for i in range(keep, n):
    os.remove(f'{d}/g{i:04d}')
assert sorted(os.listdir(d)) == [f'g{i:04d}' for i in range(keep)]
with open(f'{d}/g{keep - 1:04d}') as f:
    assert f.read() == f'file {keep - 1}\n'
# rename over an existing file and of a directory
with open(f'{d}/g0001') as f:
    one = f.read()
os.rename(f'{d}/g0001', f'{d}/g0002')
with open(f'{d}/g0002') as f:
    assert f.read() == one
os.mkdir(f'{d}/sub')
os.rename(f'{d}/sub', f'{d}/sub2')
os.rename(f'{d}/g0003', f'{d}/sub2/g0003')
assert os.listdir(f'{d}/sub2') == ['g0003']
# A refused operation leaves nothing open on the server: cifs sends rmdir, link and rename as one
# CREATE/SET_INFO/CLOSE compound, and if the CLOSE failed along with the SET_INFO the open would keep
# the removed file and directory below delete-pending, still listed.
os.mkdir(f'{d}/full')
open(f'{d}/full/x', 'w').close()
try:
    os.rmdir(f'{d}/full')
    raise AssertionError('rmdir of a non-empty directory succeeded')
except OSError as e:
    assert e.errno == errno.ENOTEMPTY, e
try:
    os.link(f'{d}/full/x', f'{d}/full/y')
    raise AssertionError('a hard link was made (expected: not supported)')
except OSError as e:
    assert e.errno == errno.EOPNOTSUPP, e
os.remove(f'{d}/full/x')
os.rmdir(f'{d}/full')
assert 'full' not in os.listdir(d), os.listdir(d)
print('small files ok')
PY
  drop
  ls "$D/many" | wc -l >"many-count-$T.txt"

  step "truncate-$T"
  D="$D" /usr/bin/python3 - <<'PY'
import os
p = os.environ['D'] + '/trunc.bin'
data = bytes(i % 251 for i in range(1 << 20))
with open(p, 'wb') as f:
    f.write(data)
os.truncate(p, 1000)
assert os.stat(p).st_size == 1000
os.truncate(p, 3 << 20)
assert os.stat(p).st_size == 3 << 20
with open(p, 'rb') as f:
    back = f.read()
assert back[:1000] == data[:1000]
assert back[1000:] == bytes((3 << 20) - 1000)
print('truncate ok')
PY

  step "sparse-$T"
  D="$D" /usr/bin/python3 - <<'PY'
import os
p = os.environ['D'] + '/sparse.bin'
fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
os.pwrite(fd, b'A' * 65536, 0)
os.pwrite(fd, b'B' * 65536, 16 << 20)
os.fsync(fd)
os.close(fd)
PY
  if [ "$4" = no ]; then
    if fallocate --punch-hole --offset 0 --length 65536 "$D/sparse.bin" 2>"punch-$T.txt"; then
      echo "fallocate --punch-hole over $5 succeeded (expected: EOPNOTSUPP from the client)" >&2; exit 32
    fi
  else
    # cifs punches with FSCTL_SET_SPARSE then FSCTL_SET_ZERO_DATA; SEEK_DATA/SEEK_HOLE of a sparse
    # file ask the server (FSCTL_QUERY_ALLOCATED_RANGES).
    fallocate --punch-hole --offset 0 --length 65536 "$D/sparse.bin"
    D="$D" /usr/bin/python3 - <<'PY'
import os
fd = os.open(os.environ['D'] + '/sparse.bin', os.O_RDONLY)
size = os.fstat(fd).st_size
assert size == (16 << 20) + 65536, size
first = os.lseek(fd, 0, os.SEEK_DATA)
hole = os.lseek(fd, 0, os.SEEK_HOLE)
end = os.lseek(fd, first, os.SEEK_HOLE)
print('first data', first, 'first hole', hole, 'hole after data', end)
assert 65536 <= first <= 16 << 20, first
assert hole == 0, hole
assert end == size, end
assert os.pread(fd, 65536, 0) == bytes(65536)
assert os.pread(fd, 65536, 16 << 20) == b'B' * 65536
print('sparse ok')
PY
  fi
  stat -c %s "$D/sparse.bin" >"sparse-size-$T.txt"

  step "xattrs-$T"
  # user.* xattrs are SMB extended attributes (FileFullEaInformation) on cifs.
  echo colours >"$D/x.txt"
  setfattr -n user.color -v blue "$D/x.txt"
  setfattr -n user.shade -v dark "$D/x.txt"
  getfattr --only-values -n user.color "$D/x.txt" >"xattr-color-$T.txt"
  getfattr -d "$D/x.txt" >"xattr-dump-$T.txt"
  setfattr -x user.color "$D/x.txt"
  if getfattr -n user.color "$D/x.txt" 2>"xattr-removed-$T.txt"; then
    echo "user.color still there after setfattr -x" >&2; exit 30
  fi

  step "locks-$T"
  # A second mount of the same share on its own connection (nosharesock) has its own session and lock
  # list: its conflicts with the first mount's locks are decided by the server (SMB2 LOCK answered
  # STATUS_LOCK_NOT_GRANTED), while conflicts inside one mount the client finds in its own list first.
  # cifs reports a refused lock as EACCES, for flock(2) too (not EWOULDBLOCK).
  # Order matters: cifs shares one SMB open between file descriptions opened with the same flags, and
  # the last close of any of them sends an UNLOCK for the flock(2) locks of that SMB open; so the
  # contender on the same mount (whose exit closes such a description) comes after the one on the
  # second mount.
  cifs_mount /mnt/s2 "$5,nosharesock"
  D="$D" D2="/mnt/s2/$T" /usr/bin/python3 - <<'PY'
import errno, fcntl, os, struct
p = os.environ['D'] + '/locked.bin'
p2 = os.environ['D2'] + '/locked.bin'
with open(p, 'wb') as f:
    f.write(bytes(4096))
REFUSED = (errno.EACCES, errno.EAGAIN)
def child(body):
    pid = os.fork()
    if pid == 0:
        try:
            os._exit(body())
        except BaseException as e:
            print('child failed', repr(e), flush=True)
            os._exit(99)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
holder = open(p, 'r+b')
fcntl.lockf(holder, fcntl.LOCK_EX, 100, 0)   # bytes 0..99, owner: this process
def contend(path):
    def body():
        g = open(path, 'r+b')
        try:
            fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 50)
            return 1                                  # overlapping lock granted: wrong
        except OSError as e:
            if e.errno not in REFUSED:
                print('overlapping lockf', errno.errorcode[e.errno], flush=True)
                return 2
        fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 200)   # disjoint range: granted
        got = fcntl.fcntl(g, fcntl.F_GETLK, struct.pack('hhqqi4x', fcntl.F_WRLCK, 0, 0, 10, 0))
        if struct.unpack('hhqqi4x', got)[0] != fcntl.F_WRLCK:
            return 3                                  # F_GETLK must report the holder's lock
        return 0
    return body
assert child(contend(p2)) == 0, 'lockf from the second connection'
assert child(contend(p)) == 0, 'lockf on the same mount'
fcntl.lockf(holder, fcntl.LOCK_UN, 100, 0)
def after_unlock(path):
    def body():
        g = open(path, 'r+b')
        fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 50)
        return 0
    return body
assert child(after_unlock(p2)) == 0, 'lockf from the second connection after the unlock'
assert child(after_unlock(p)) == 0, 'lockf on the same mount after the unlock'
whole = open(p, 'r+b')
fcntl.flock(whole, fcntl.LOCK_EX)
def flock_contend(path):
    def body():
        g = open(path, 'r+b')
        try:
            fcntl.flock(g, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return 4
        except OSError as e:
            if e.errno not in REFUSED:
                print('contending flock', errno.errorcode[e.errno], flush=True)
                return 5
        return 0
    return body
assert child(flock_contend(p2)) == 0, 'flock from the second connection'
assert child(flock_contend(p)) == 0, 'flock on the same mount'
fcntl.flock(whole, fcntl.LOCK_UN)
def flock_after_unlock():
    g = open(p2, 'r+b')
    fcntl.flock(g, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return 0
assert child(flock_after_unlock) == 0, 'flock from the second connection after the unlock'
print('locks ok')
PY
  umount /mnt/s2

  echo "written over cifs $5" >"$D/from-cifs.txt"
  step "umount-$T"
  umount /mnt/s
}

for m in $MOUNTS; do
  tag=${m%%:*}; r=${m#*:}; files=${r%%:*}; r=${r#*:}; mib=${r%%:*}; r=${r#*:}; holes=${r%%:*}
  options=${r#*:}
  workload "$tag" "$files" "$mib" "$holes" "$options"
done
rm /tmp/big

step mount-nfs
# The same bytes through the kernel NFS client: what each cifs mount wrote.
modprobe nfsv4
mount -t nfs4 -o "vers=4.2,port=$NFS_PORT" "10.0.2.2:/$SHARE" /mnt/n
for m in $MOUNTS; do
  T="${m%%:*}"
  sha256sum <"/mnt/n/$T/big.bin" | cut -d' ' -f1 >"nfs-big-$T.sha256"
  cmp "big-$T.sha256" "nfs-big-$T.sha256"
  ls "/mnt/n/$T/many" | wc -l >"nfs-many-count-$T.txt"
  cat "/mnt/n/$T/from-cifs.txt" >"nfs-from-cifs-$T.txt"
  getfattr -d "/mnt/n/$T/x.txt" >"nfs-xattr-dump-$T.txt"
done
echo "written over NFS" >/mnt/n/from-nfs.txt
step umount-nfs
umount /mnt/n
step done
