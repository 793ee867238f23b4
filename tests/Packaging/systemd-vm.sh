#!/bin/sh
# Boots a Debian 12 root (systemd-image.sh) with systemd as PID 1 in the kernel rig's qemu (TCG; Debian's 6.1
# kernel with wireguard.ko, see tests/KernelRig/kernel-rig.sh) and runs GUEST_SCRIPT as a oneshot unit once
# the system is up. The root is exported read-only under a tmpfs overlay (the rig's initramfs), so the
# cached image stays pristine. SHARE_DIR appears read-write at /share in the guest; GUEST_SCRIPT's output
# goes to SHARE_DIR/guest.log, its exit code is ours. 124 timed out, 125 the VM gave no exit code,
# 126 a prerequisite is missing.
#   systemd-vm.sh [--timeout S] ROOT SHARE_DIR GUEST_SCRIPT
set -eu
TIMEOUT=900
[ "${1:-}" = --timeout ] && { TIMEOUT=$2; shift 2; }
root=$1 share=$2 script=$3
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${MESHAGENT_LAB_CACHE:-/var/cache/meshagent-lab}
if [ ! -s "$CACHE/current" ]; then
    # Builds the kernel and initramfs cache (one short boot).
    "$here/../KernelRig/kernel-rig.sh" --timeout 300 -- true >/dev/null || exit $?
fi
version=$(cat "$CACHE/current")
rig=$(mktemp -d /tmp/systemd-vm.XXXXXX)
trap 'rm -rf "$rig"' EXIT INT TERM
cp "$script" "$share/guest.sh"
rm -f "$share/rc" "$share/guest.log"
# stage2 runs in the new root as PID 1 (the rig's initramfs execs it): add the test unit, become systemd.
cat > "$rig/stage2" <<'STAGE2'
#!/bin/sh
mkdir -p /share /etc/systemd/system/multi-user.target.wants
cat > /etc/systemd/system/package-test.service <<'UNIT'
# Type=exec, not oneshot after multi-user.target: multi-user.target orders itself after what it wants, so
# that would be an ordering cycle. The script itself waits for the end of boot (is-system-running --wait).
[Unit]
Description=package test
RequiresMountsFor=/share
[Service]
Type=exec
ExecStart=/bin/sh -c '/bin/sh /share/guest.sh > /share/guest.log 2>&1; echo $? > /share/rc; sync; systemctl poweroff --force --force'
UNIT
ln -sf ../package-test.service /etc/systemd/system/multi-user.target.wants/package-test.service
cat >> /etc/fstab <<'FSTAB'
share /share 9p trans=virtio,version=9p2000.L,rw 0 0
FSTAB
exec /lib/systemd/systemd
STAGE2
set +e
timeout --kill-after=10 "$TIMEOUT" qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 1 -m 2048 \
    -kernel "$CACHE/$version/vmlinuz" -initrd "$CACHE/$version/initramfs.gz" \
    -append "console=ttyS0 quiet loglevel=4 panic=-1 cryptomgr.notests tsc=reliable systemd.show_status=0" \
    -virtfs "local,path=$root,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
    -virtfs "local,path=$rig,mount_tag=rig,security_model=none" \
    -virtfs "local,path=$share,mount_tag=share,security_model=none" \
    -nic none -no-reboot -nographic -monitor none -serial "file:$share/console.log" </dev/null >/dev/null 2>"$rig/qemu.err"
qemu_rc=$?
set -e
if [ -s "$share/rc" ]; then
    exit "$(cat "$share/rc")"
fi
echo "systemd-vm: no exit code from the guest (qemu rc $qemu_rc)" >&2
tail -n 40 "$share/console.log" "$rig/qemu.err" >&2 2>/dev/null || true
[ "$qemu_rc" = 124 ] && exit 124
exit 125
