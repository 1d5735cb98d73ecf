#!/bin/bash
# Builds the network-boot drivers' (qemu, ipmi, redfish) boot files into OUT (argument 1), once:
#   vmlinuz     a Debian kernel (apt-get download + dpkg -x, as an operator's deploy image would ship)
#   initrd.gz   busybox + dropbear + virtio/ext4 modules and common server disk/NIC drivers (nvme, ahci,
#               e1000e, igb); its /init is the deploy ramdisk when the kernel command line says
#               xenia.mode=deploy, the wipe ramdisk (zeroes the whole disk) for xenia.mode=wipe, and
#               the customer OS otherwise
#   disk.raw    a whole-disk test image: MBR (SYSLINUX) + FAT boot partition (SYSLINUX, kernel, initrd)
#               + ext4 root partition (/root/.ssh, /etc/hostname), for DISK_RAW deployments
# Needs: apt-get, dpkg, busybox-static, dropbear-bin, cpio, fdisk, mtools, syslinux, dosfstools, e2fsprogs.
set -euo pipefail
OUT=$1
mkdir -p "$OUT"
cd "$OUT"
[ -f disk.raw ] && [ -f initrd.gz ] && [ -f vmlinuz ] && exit 0
WORK=$(mktemp -d "$OUT/build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The kernel: the newest linux-image-*-amd64 the package lists know.
PKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
(cd "$WORK" && apt-get download -q "$PKG" >/dev/null 2>&1)
dpkg -x "$WORK"/linux-image-*.deb "$WORK/k"
KVER=$(ls "$WORK/k/lib/modules")
MODDIR="$WORK/k/lib/modules/$KVER"
# Modules with their dependencies, in load order. The package ships no modules.dep (its postinst
# runs depmod, from kmod, which a build machine may lack): read each module's "depends=" instead.
R="$WORK/root"
mkdir -p "$R"/{bin,sbin,etc,proc,sys,dev,tmp,mnt,disk,root/.ssh,lib/modules,lib64,lib/x86_64-linux-gnu,var/run,usr/bin}
: > "$WORK/order"
find "$MODDIR" -name '*.ko' | awk -F/ '{n = $NF; sub(/\.ko$/, "", n); gsub(/-/, "_", n); print n, $0}' > "$WORK/index"
want() { # $1 = module name
  local name=$1 path deps d
  path=$(awk -v n="$name" '$1 == n {print $2; exit}' "$WORK/index")
  [ -n "$path" ] || { echo "module $name not found" >&2; exit 1; }
  grep -qxF "$path" "$WORK/order" && return 0
  deps=$(grep -a -o 'depends=[a-z0-9_,-]*' "$path" | head -1 | cut -d= -f2 | tr ',' ' ')
  for d in $deps; do want "${d//-/_}"; done
  grep -qxF "$path" "$WORK/order" || echo "$path" >> "$WORK/order"
}
for name in virtio_pci virtio_blk virtio_net ext4 crc32c_generic button evdev nvme ahci sd_mod e1000e igb; do want "$name"; done
while read -r m; do
  cp "$m" "$R/lib/modules/"
  basename "$m" >> "$R/etc/modules.order"
done < "$WORK/order"

cp /bin/busybox "$R/bin/busybox"
cp /usr/sbin/dropbear "$R/sbin/dropbear"
for lib in $(ldd /usr/sbin/dropbear | awk '/=>/ {print $3} /ld-linux/ {print $1}'); do
  cp -L "$lib" "$R$lib" 2>/dev/null || { mkdir -p "$R$(dirname "$lib")"; cp -L "$lib" "$R$lib"; }
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$R/etc/passwd"
echo 'root:x:0:' > "$R/etc/group"
echo '/bin/sh' > "$R/etc/shells"
chmod 700 "$R/root" "$R/root/.ssh"

cat > "$R/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts; mount -t devpts devpts /dev/pts
for m in $(cat /etc/modules.order); do insmod /lib/modules/$m 2>/dev/null; done
mode=os; url=; mac=; addr=; mask=255.255.255.0; gw=; disk=auto
for a in $(cat /proc/cmdline); do
  case $a in
    xenia.mode=*) mode=${a#*=};; xenia.url=*) url=${a#*=};; xenia.mac=*) mac=${a#*=};;
    xenia.ip=*) addr=${a#*=};; xenia.netmask=*) mask=${a#*=};; xenia.gw=*) gw=${a#*=};;
    xenia.disk=*) disk=${a#*=};;
  esac
done
say() { echo "xenia: $*" > /dev/console; }
# The NIC iPXE booted from (its MAC, from the script), with the address iPXE's DHCP got; without
# them (booted from disk) the QEMU user-network defaults.
dev=eth0
i=0; while [ $i -lt 50 ]; do
  if [ -n "$mac" ]; then
    for d in /sys/class/net/*; do [ "$(cat "$d/address" 2>/dev/null)" = "$mac" ] && dev=${d##*/}; done
  fi
  [ -e "/sys/class/net/$dev" ] && break
  sleep 0.1; i=$((i+1))
done
ip link set lo up
ip link set "$dev" up
if [ -n "$addr" ]; then
  ifconfig "$dev" "$addr" netmask "$mask" up
  [ -n "$gw" ] && route add default gw "$gw"
else
  ip addr add 10.0.2.15/24 dev "$dev"
  ip route add default via 10.0.2.2
fi
# The machine's disk: as the driver says, else the first of the usual names that shows up.
i=0; while [ $i -lt 100 ]; do
  if [ "$disk" = auto ]; then
    for d in /dev/vda /dev/nvme0n1 /dev/sda; do [ -b "$d" ] && { disk=$d; break; }; done
  fi
  [ -b "$disk" ] && break
  sleep 0.1; i=$((i+1))
done
case $disk in *[0-9]) part=${disk}p2;; *) part=${disk}2;; esac
if [ "$mode" = wipe ]; then
  fail() { say "wipe failed: $*"; wget -q -O /dev/null "$url/failed?why=$(echo "$*" | tr ' ' '+')"; sync; poweroff -f; }
  # Only for a live job: a wipe script left behind by a crashed daemon must not zero a disk on some
  # later network boot.
  wget -q -O /dev/null "$url/session" || { say "wipe: no such job, not wiping"; poweroff -f; }
  [ -b "$disk" ] || fail "no disk $disk"
  size=$(blockdev --getsize64 "$disk") || fail "cannot read the size of $disk"
  say "wipe ramdisk: zeroing $disk ($size bytes)"
  mib=$((size / 1048576)); rest=$((size % 1048576))
  dd if=/dev/zero of="$disk" bs=1M count=$mib conv=fsync 2>/tmp/dd || fail "zeroing $disk: $(tail -n 1 /tmp/dd)"
  if [ $rest -gt 0 ]; then
    dd if=/dev/zero of="$disk" bs=512 seek=$((mib * 2048)) count=$((rest / 512)) conv=fsync 2>/tmp/dd \
      || fail "zeroing the tail of $disk: $(tail -n 1 /tmp/dd)"
  fi
  sync
  wget -q -O /dev/null "$url/done?bytes=$size" || true
  say "wipe done"
  poweroff -f
fi
if [ "$mode" = deploy ]; then
  fail() { say "deploy failed: $*"; wget -q -O /dev/null "$url/failed?why=$(echo "$*" | tr ' ' '+')"; sync; poweroff -f; }
  say "deploy ramdisk: fetching $url"
  [ -b "$disk" ] || fail "no disk $disk"
  wget -q -O /tmp/session "$url/session" || fail "no session"
  wget -q -O /tmp/keys "$url/keys" || fail "no keys"
  wget -q -O /tmp/hostname "$url/hostname" || fail "no hostname"
  wget -q -O /tmp/sha256 "$url/sha256" || fail "no image digest"
  wget -q -O /tmp/size "$url/size" || fail "no image size"
  wget -q -O - "$url/image" | dd of="$disk" bs=1M conv=fsync 2>/tmp/dd || fail "image write"
  # The pipeline's status is dd's: a cut download shows only here, in the digest of what was written.
  got=$(head -c "$(cat /tmp/size)" "$disk" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$(cat /tmp/sha256)" ] || fail "image on disk has sha256 $got, not $(cat /tmp/sha256)"
  blockdev --rereadpt "$disk"; sleep 0.3
  i=0; while [ ! -b "$part" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done
  mount -t ext4 "$part" /mnt || fail "no ext4 root partition 2 in the image"
  mkdir -p /mnt/root/.ssh /mnt/etc
  chmod 700 /mnt/root /mnt/root/.ssh
  cp /tmp/keys /mnt/root/.ssh/authorized_keys; chmod 600 /mnt/root/.ssh/authorized_keys
  cp /tmp/session /mnt/etc/xenia-session
  cp /tmp/hostname /mnt/etc/hostname
  umount /mnt; sync
  wget -q -O /dev/null "$url/done" || true
  say "deploy done"
  poweroff -f
fi
# The customer's OS: keys and host name from the boot server when booted directly (KERNEL_INITRD),
# else from the root partition the deploy ramdisk wrote.
if [ -n "$url" ]; then
  wget -q -O /root/.ssh/authorized_keys "$url/keys" && chmod 600 /root/.ssh/authorized_keys
  wget -q -O /etc/xenia-session "$url/session"
  wget -q -O /tmp/hostname "$url/hostname" && hostname "$(cat /tmp/hostname)"
elif mount -t ext4 "$part" /disk 2>/dev/null; then
  cp /disk/root/.ssh/authorized_keys /root/.ssh/authorized_keys 2>/dev/null && chmod 600 /root/.ssh/authorized_keys
  cp /disk/etc/xenia-session /etc/xenia-session 2>/dev/null
  [ -f /disk/etc/hostname ] && hostname "$(cat /disk/etc/hostname)"
fi
mkdir -p /etc/dropbear
dropbear -R -s -p 22
# The ACPI power button (IPMI "power soft", Redfish GracefulShutdown) shuts down: busybox acpid reads
# it from /dev/input (evdev) and runs /etc/acpi/PWRF/00000080. poweroff -f, since /init is no real init.
mkdir -p /etc/acpi/PWRF
printf '#!/bin/sh\nsync\npoweroff -f\n' > /etc/acpi/PWRF/00000080; chmod +x /etc/acpi/PWRF/00000080
acpid -c /etc/acpi -l /tmp/acpid.log
say "XENIA-READY"
while true; do sleep 3600; done
INIT
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$WORK/initrd.gz"
cp "$WORK/k/boot/vmlinuz-$KVER" "$WORK/vmlinuz"

# The whole-disk image: 1 MiB gap, 40 MiB FAT (boot), 24 MiB ext4 (root).
BOOT_SECTORS=$((40 * 2048)); ROOT_SECTORS=$((24 * 2048))
mkfs.vfat -C -n XBOOT "$WORK/boot.img" $((BOOT_SECTORS / 2)) >/dev/null
cat > "$WORK/syslinux.cfg" <<CFG
DEFAULT xenia
TIMEOUT 0
PROMPT 0
LABEL xenia
  LINUX /vmlinuz
  INITRD /initrd.gz
  APPEND console=ttyS0 quiet xenia.mode=os
CFG
mcopy -i "$WORK/boot.img" "$WORK/vmlinuz" "$WORK/initrd.gz" "$WORK/syslinux.cfg" ::/
syslinux --install "$WORK/boot.img"
mkdir -p "$WORK/rootfs/root/.ssh" "$WORK/rootfs/etc"
echo xenia > "$WORK/rootfs/etc/hostname"
mkfs.ext4 -q -F -L xroot -d "$WORK/rootfs" "$WORK/root.img" $((ROOT_SECTORS / 2))k >/dev/null
TOTAL=$((2048 + BOOT_SECTORS + ROOT_SECTORS))
truncate -s $((TOTAL * 512)) "$WORK/disk.raw"
printf 'label: dos\nstart=2048, size=%d, type=c, bootable\nstart=%d, size=%d, type=83\n' \
  $BOOT_SECTORS $((2048 + BOOT_SECTORS)) $ROOT_SECTORS | sfdisk -q "$WORK/disk.raw"
dd if=/usr/lib/syslinux/mbr/mbr.bin of="$WORK/disk.raw" bs=440 count=1 conv=notrunc status=none
dd if="$WORK/boot.img" of="$WORK/disk.raw" bs=512 seek=2048 conv=notrunc status=none
dd if="$WORK/root.img" of="$WORK/disk.raw" bs=512 seek=$((2048 + BOOT_SECTORS)) conv=notrunc status=none
mv "$WORK/vmlinuz" "$WORK/initrd.gz" "$WORK/disk.raw" "$OUT/"
