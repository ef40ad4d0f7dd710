#!/bin/bash
# The recipe of the node image NodeVmIT boots: a Debian 12 machine as close to the Azure node
# (Ubuntu 24.04) as Debian's packages allow, with systemd, a kernel, cifs-utils and a JRE 17 already
# installed, and no package source, so the node script's apt step finds its packages in place.
# NodeVmIT caches the result under ~/.cache/session-jar/vm/<hash of this file>/, so any change here
# builds a new image. Run as root, on Debian or Ubuntu with debootstrap and e2fsprogs:
#
#   src/test/vm/build-image.sh OUT_DIR
#
# OUT_DIR gets image.raw (ext4, the root file system, used read-only: the VM writes to a snapshot),
# vmlinuz and initrd.img (QEMU boots them directly: no boot loader) and versions.txt.
# The packages come from this machine's Debian mirror (its apt sources), or SESSIONJAR_VM_MIRROR.
set -euo pipefail

out="${1:?usage: build-image.sh OUT_DIR}"
suite=bookworm
# Debian's mirror as this machine's apt sources name it (one-line or deb822 form), else deb.debian.org.
mirror_of() {
  local archive="$1"
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
    | grep -v '^[[:space:]]*#' | grep -oE "https?://[^ ]+/$archive/?( |$)" | head -n 1 | tr -d ' ' | sed 's:/*$::' || true
}
mirror="${SESSIONJAR_VM_MIRROR:-$(mirror_of debian)}"
mirror="${mirror:-http://deb.debian.org/debian}"
security="$(mirror_of debian-security)"
security="${security:-http://deb.debian.org/debian-security}"

work="$(mktemp -d "${TMPDIR:-/tmp}/sessionjar-vm-image.XXXXXX")"
root="$work/root"
cleanup() {
  for fs in dev/pts dev sys proc; do
    if mountpoint -q "$root/$fs" 2>/dev/null; then umount -l "$root/$fs"; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

echo "build-image: debootstrap $suite from $mirror" >&2
debootstrap --variant=minbase --include=systemd,systemd-sysv,udev,dbus,kmod,procps,iproute2,ca-certificates \
  "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }

cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
# No service may start inside the chroot while packages install.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# What the node script installs (openjdk-17-jre-headless, cifs-utils) is installed here the way the
# script installs it (--no-install-recommends), plus the kernel; the image has no cloud-init (the
# script goes on without it, as on an image that has none).
# A small initramfs, with the drivers of QEMU's virtio disk only: under emulation every megabyte of it
# costs boot time (Debian's default, MODULES=most, is 36 MB).
mkdir -p "$root/etc/initramfs-tools/conf.d"
echo "MODULES=list" >"$root/etc/initramfs-tools/conf.d/sessionjar-vm.conf"
printf 'virtio_pci\nvirtio_blk\next4\n' >>"$root/etc/initramfs-tools/modules"
echo "build-image: installing the kernel, cifs-utils and openjdk-17-jre-headless" >&2
chroot "$root" /bin/sh -c 'apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q install -y \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  --no-install-recommends linux-image-amd64 openjdk-17-jre-headless cifs-utils' >"$work/apt.log" 2>&1 \
  || { tail -n 30 "$work/apt.log" >&2; exit 1; }
chroot "$root" apt-get clean
rm -f "$root/usr/sbin/policy-rc.d"
# No package source: the guest reaches no archive (its network is restricted), and needs none.
echo "# No package source: session.jar's test VM reaches no archive." >"$root/etc/apt/sources.list"
rm -rf "$root"/var/lib/apt/lists/*

echo "sessionjar-node" >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tsessionjar-node\n' >"$root/etc/hosts"
printf '/dev/vda\t/\text4\trw,errors=remount-ro\t0\t1\n' >"$root/etc/fstab"
# No name server: the test names its hosts in /etc/hosts.
: >"$root/etc/resolv.conf"
# Persistent journal, as on Ubuntu: the test reads the last boot's lines after a reboot.
mkdir -p "$root/var/log/journal"
# The network: DHCP from QEMU's user-mode network, with systemd-networkd (and its wait-online, which
# network-online.target, wanted by the worker's unit, waits for).
cat >"$root/etc/systemd/network/80-dhcp.network" <<'EOF'
[Match]
Name=en* eth*

[Network]
DHCP=ipv4
EOF
chroot "$root" systemctl enable systemd-networkd.service systemd-networkd-wait-online.service >/dev/null 2>&1
# e2scrub_reap checks the file systems' snapshots at every boot: none here, and 14 s of an emulated boot.
chroot "$root" systemctl mask e2scrub_reap.service e2scrub_all.timer >/dev/null 2>&1
# No root password and no log-in: the test drives the guest through the agent below.
chroot "$root" passwd -l root >/dev/null

# The test's agent (not part of a node): runs the command files the test drops into a 9p share, one
# at a time, and writes their output and exit code back, as the Azure agent runs an extension's script.
cat >"$root/usr/local/sbin/sessionjar-vm-agent" <<'EOF'
#!/bin/bash
# Runs /mnt/host/in/NAME.sh (written by NodeVmIT on the host) as root, one at a time, in name order;
# writes /mnt/host/out/NAME.out (stdout and stderr) and then /mnt/host/out/NAME.rc (the exit code).
# On start, announces the boot with /mnt/host/out/boot-<boot id>.
set -u
share=/mnt/host
mkdir -p "$share"
mountpoint -q "$share" || mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none host "$share"
install -d -m 0700 /run/sessionjar-vm-agent
boot="$(cat /proc/sys/kernel/random/boot_id)"
mkdir -p "$share/in" "$share/out"
echo "$boot" >"$share/out/.boot-$boot" && mv "$share/out/.boot-$boot" "$share/out/boot-$boot"
while :; do
  for command in "$share"/in/*.sh; do
    [ -e "$command" ] || continue
    name="$(basename "$command" .sh)"
    local_copy="/run/sessionjar-vm-agent/$name.sh"
    cp "$command" "$local_copy" && rm -f "$command"
    status=0
    (cd / && bash "$local_copy") >"$share/out/.$name.out" 2>&1 </dev/null || status=$?
    rm -f "$local_copy"
    mv "$share/out/.$name.out" "$share/out/$name.out"
    echo "$status" >"$share/out/.$name.rc" && mv "$share/out/.$name.rc" "$share/out/$name.rc"
  done
  sleep 0.2
done
EOF
chmod 755 "$root/usr/local/sbin/sessionjar-vm-agent"
cat >"$root/etc/systemd/system/sessionjar-vm-agent.service" <<'EOF'
[Unit]
Description=session.jar test agent (NodeVmIT): runs the host's commands
After=local-fs.target

[Service]
ExecStart=/usr/local/sbin/sessionjar-vm-agent
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
EOF
chroot "$root" systemctl enable sessionjar-vm-agent.service >/dev/null 2>&1
# Only the guest's own modules are loaded at boot: 9p for the agent's share.
printf '9p\n9pnet_virtio\n' >"$root/etc/modules-load.d/sessionjar-vm-agent.conf"

{
  echo "debian $(cat "$root/etc/debian_version")"
  chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' systemd linux-image-amd64 cifs-utils \
    openjdk-17-jre-headless
  echo "kernel $(basename "$(readlink -f "$root/vmlinuz")")"
} >"$work/versions.txt"

for fs in dev/pts dev sys proc; do umount -l "$root/$fs"; done
mkdir -p "$out"
cp "$(readlink -f "$root/vmlinuz")" "$out/vmlinuz"
cp "$(readlink -f "$root/initrd.img")" "$out/initrd.img"
cp "$work/versions.txt" "$out/versions.txt"
echo "build-image: making the ext4 image" >&2
rm -f "$out/image.raw"
mkfs.ext4 -q -L sessionjar-node -d "$root" "$out/image.raw" 3G
echo "build-image: done: $(cat "$out/versions.txt" | tr '\n' ';')" >&2
