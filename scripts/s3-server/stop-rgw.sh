#!/usr/bin/env bash
# stop-rgw.sh - stop the daemons started by start-rgw.sh (both flavors), by their pid files only,
# and unmount the reef chroot's /proc and /dev.
# usage: stop-rgw.sh [--purge | --purge-all]
#   --purge      also delete the cluster data dirs
#   --purge-all  also delete the trixie rootfs (next reef start rebuilds it, ~1.5 min)
set -uo pipefail
RGW_BASE=${RGW_BASE:-${TMPDIR:-/tmp}/s3-server}
RGW_ROOTFS=${RGW_ROOTFS:-$RGW_BASE/trixie-rootfs}
# same lock as start-rgw.sh: never stop a server while another caller is starting it
mkdir -p "$RGW_BASE"
exec 9>"$RGW_BASE/.lock"
flock -w "${RGW_LOCK_TIMEOUT:-900}" 9 || { echo "[stop-rgw] timed out waiting for $RGW_BASE/.lock" >&2; exit 1; }
declare -A BIN=([client.rgw.a]=radosgw [osd.0]=ceph-osd [mon.a]=ceph-mon)
for dir in "$RGW_BASE/cluster" "$RGW_ROOTFS/var/tmp/rgw-cluster"; do
  for name in client.rgw.a osd.0 mon.a; do
    f="$dir/run/$name.pid"
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    # signal the pid only if it is still the daemon we started (argv[0], not comm:
    # radosgw 18 renames its main thread)
    argv0=$(tr '\0' '\n' < /proc/"$pid"/cmdline 2>/dev/null | head -n1)
    if kill -0 "$pid" 2>/dev/null && [ "${argv0##*/}" = "${BIN[$name]}" ]; then
      echo "[stop-rgw] stopping $name (pid $pid)"
      kill "$pid" 2>/dev/null
      for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then echo "[stop-rgw] $name still running, SIGKILL"; kill -9 "$pid" 2>/dev/null; fi
    fi
    rm -f "$f"
  done
done
vf="$RGW_BASE/fake-vault.pid"
if [ -s "$vf" ]; then
  pid=$(cat "$vf")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < /proc/"$pid"/cmdline 2>/dev/null | grep -q 'fake-vault.js'; then
    echo "[stop-rgw] stopping Vault stand-in (pid $pid)"; kill "$pid" 2>/dev/null
  fi
  rm -f "$vf"
fi
for m in proc dev; do
  if mountpoint -q "$RGW_ROOTFS/$m" 2>/dev/null; then
    umount "$RGW_ROOTFS/$m" || umount -l "$RGW_ROOTFS/$m"
  fi
done
case "${1:-}" in
  --purge|--purge-all)
    rm -rf "$RGW_BASE/cluster" "$RGW_ROOTFS/var/tmp/rgw-cluster" "$RGW_BASE/s3.env"
    echo "[stop-rgw] removed cluster data" ;;
esac
if [ "${1:-}" = "--purge-all" ]; then
  if mountpoint -q "$RGW_ROOTFS/proc" || mountpoint -q "$RGW_ROOTFS/dev"; then
    echo "[stop-rgw] $RGW_ROOTFS still has mounts; not deleting it" >&2; exit 1
  fi
  rm -rf --one-file-system "$RGW_ROOTFS" "$RGW_ROOTFS.tmp"
  echo "[stop-rgw] removed $RGW_ROOTFS"
fi
exit 0
