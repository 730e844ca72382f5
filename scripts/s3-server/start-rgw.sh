#!/usr/bin/env bash
# start-rgw.sh - throw-away single-node Ceph cluster (1 mon, 1 memstore OSD, no mgr) with a
# radosgw S3 endpoint (Object Lock, versioning, policy, lifecycle, public-access-block, SSE-KMS)
# on 127.0.0.1 only, built from Debian packages.
#
#   RGW_FLAVOR=reef    (default) Ceph 18.2.x from Debian trixie, installed with mmdebstrap into a
#                      chroot under $RGW_BASE (host stays bookworm). Has Put/GetBucketEncryption.
#   RGW_FLAVOR=pacific Ceph 16.2.x from Debian bookworm, installed on the host. Lighter, but has
#                      no Put/GetBucketEncryption (GET ?encryption is answered as ListObjects).
#
# Idempotent: if the endpoint is already healthy it only prints the credentials; otherwise it stops
# leftovers (by pid file), wipes the cluster dir and starts afresh. Data is RAM-backed (memstore)
# and is lost when the OSD stops. Concurrent callers (two jest runs) are serialised with flock on
# $RGW_BASE/.lock, so the second one finds the server the first one started. Stop with stop-rgw.sh.
# Prints S3_ENDPOINT / AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and writes them to $RGW_BASE/s3.env;
# RGW_STARTED=yes|no tells whether this call started the server (so only that caller stops it).
# Adapted for auditready from the shared reference script (../../shared/s3-server/start-rgw.sh).
set -euo pipefail

RGW_FLAVOR=${RGW_FLAVOR:-reef}
RGW_BASE=${RGW_BASE:-${TMPDIR:-/tmp}/s3-server}
RGW_ROOTFS=${RGW_ROOTFS:-$RGW_BASE/trixie-rootfs}
RGW_PORT=${RGW_PORT:-7480}
MON_V2_PORT=${MON_V2_PORT:-3300}
MON_V1_PORT=${MON_V1_PORT:-6789}
RGW_ACCESS_KEY=${RGW_ACCESS_KEY:-AKIARGWLOCALTEST0001}
RGW_SECRET_KEY=${RGW_SECRET_KEY:-rgwLocalTestSecretKey00000000000000000001}
RGW_MEMSTORE_BYTES=${RGW_MEMSTORE_BYTES:-2147483648}   # OSD capacity, RAM-backed
# reef only: SSE-S3 (AES256) needs a Vault transit engine; a tiny node stand-in is started on this
# port (RGW_VAULT_PORT= disables it; AES256 PutObject / bucket default then answer 400)
RGW_VAULT_PORT=${RGW_VAULT_PORT-8200}
# static keys for rgw's 'testing' KMS backend: SSE-KMS with key id testkey-1 / testkey-2
KMS_KEY1=${KMS_KEY1:-$(printf 'audit-test-kms-key-1-0123456789a' | base64 -w0)}
KMS_KEY2=${KMS_KEY2:-$(printf 'audit-test-kms-key-2-0123456789b' | base64 -w0)}
export DEBIAN_FRONTEND=noninteractive
ENDPOINT="http://127.0.0.1:${RGW_PORT}"
SELF=$(readlink -f "$0")
log() { echo "[start-rgw $(date +%T)] $*" >&2; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ====================== cluster bring-up (runs on the host or inside the chroot) ======================
cluster_up() {
  export CEPH_CONF="$RGW_DIR/ceph.conf"
  pid_alive() { local f="$RGW_DIR/run/$1.pid"; [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
  stop_started() {
    local -A bin=([client.rgw.a]=radosgw [osd.0]=ceph-osd [mon.a]=ceph-mon)
    for name in client.rgw.a osd.0 mon.a; do
      local f="$RGW_DIR/run/$name.pid" pid argv0
      [ -s "$f" ] || continue
      pid=$(cat "$f")
      kill -0 "$pid" 2>/dev/null || continue
      # only the daemon this pid file was written by: a stale (or copied) pid file may name another
      # process, or the same daemon of another instance (another chroot, hence another root)
      argv0=$(tr '\0' '\n' < /proc/"$pid"/cmdline 2>/dev/null | head -n1)
      [ "${argv0##*/}" = "${bin[$name]}" ] && [ /proc/"$pid"/root -ef / ] || continue
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    done
  }
  fail() {
    log "bring-up failed: $*; last log lines:"
    for f in "$RGW_DIR"/log/*; do [ -s "$f" ] && { echo "== $f" >&2; tail -n 15 "$f" >&2; }; done
    stop_started
    exit 1
  }

  if pid_alive mon.a && pid_alive osd.0 && pid_alive client.rgw.a \
     && curl -fsS -m 5 -o /dev/null "$ENDPOINT/"; then
    log "already running"
    echo "RGW_STARTED=no"
    return 0
  fi
  if [ -d "$RGW_DIR/run" ]; then log "stopping leftovers of an earlier run"; stop_started; fi
  for port in "$MON_V2_PORT" "$MON_V1_PORT" "$RGW_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "127.0.0.1:$port is already in use by another program"; exit 1
    fi
  done
  rm -rf "$RGW_DIR"
  mkdir -p "$RGW_DIR"/{run,log,mon,osd/osd.0,rgw}
  cd "$RGW_DIR"
  local t0; t0=$(ms)

  local FSID; FSID=$(cat /proc/sys/kernel/random/uuid)
  cat > "$CEPH_CONF" <<EOF
[global]
fsid = $FSID
mon_host = [v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_ipv6 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
run_dir = $RGW_DIR/run
admin_socket = $RGW_DIR/run/\$name.asok
pid_file = $RGW_DIR/run/\$name.pid
log_file = $RGW_DIR/log/\$name.log
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_max_pg_per_osd = 1000
mon_data_avail_warn = 1
mon_data_avail_crit = 0
mon_warn_on_insecure_global_id_reclaim_allowed = false
client_mount_timeout = 60
[mon]
mon_data = $RGW_DIR/mon/\$name
[osd]
osd_data = $RGW_DIR/osd/\$name
osd_objectstore = memstore
memstore_device_bytes = $RGW_MEMSTORE_BYTES
# absolute path: Debian trixie's ceph 18 package has a relative default here
osd_class_dir = /usr/lib/x86_64-linux-gnu/rados-classes
[client]
# radosgw asks for a 'secure' mon connection by default, which auth=none cannot give
ms_mon_client_mode = crc
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw_data = $RGW_DIR/rgw
rgw_crypt_require_ssl = false
rgw_crypt_s3_kms_backend = testing
rgw_crypt_s3_kms_encryption_keys = testkey-1=$KMS_KEY1 testkey-2=$KMS_KEY2
EOF
  if [ -n "${RGW_VAULT_PORT:-}" ]; then
    printf 'test-token' > "$RGW_DIR/run/vault-token"; chmod 600 "$RGW_DIR/run/vault-token"
    cat >> "$CEPH_CONF" <<EOF
rgw_crypt_sse_s3_backend = vault
rgw_crypt_sse_s3_vault_auth = token
rgw_crypt_sse_s3_vault_token_file = $RGW_DIR/run/vault-token
rgw_crypt_sse_s3_vault_addr = http://127.0.0.1:$RGW_VAULT_PORT
rgw_crypt_sse_s3_vault_secret_engine = transit
rgw_crypt_sse_s3_vault_prefix = /v1/transit
EOF
  fi

  # --- monitor ---
  monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]" run/monmap >/dev/null
  ceph-authtool --create-keyring run/mon.keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-mon --mkfs -i a --monmap run/monmap --keyring run/mon.keyring >log/mon.a.out 2>&1 || fail "mon mkfs"
  ceph-mon -i a </dev/null >>log/mon.a.out 2>&1 || fail "mon start"
  local ok=0
  for _ in $(seq 1 60); do
    if timeout 10 ceph --connect-timeout 5 mon stat >/dev/null 2>&1; then ok=1; break; fi; sleep 0.5
  done
  [ "$ok" = 1 ] || fail "mon not answering"
  log "mon up"

  # --- OSD (memstore) ---
  local OSD_UUID OSD_ID; OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
  OSD_ID=$(timeout 30 ceph osd new "$OSD_UUID") || fail "ceph osd new"
  [ "$OSD_ID" = 0 ] || fail "unexpected osd id '$OSD_ID'"
  ceph-osd -i 0 --mkfs --osd-uuid "$OSD_UUID" >log/osd.0.out 2>&1 || fail "osd mkfs"
  ceph-osd -i 0 </dev/null >>log/osd.0.out 2>&1 || fail "osd start"
  ok=0
  for _ in $(seq 1 120); do
    if timeout 10 ceph osd stat 2>/dev/null | grep -q ' 1 up'; then ok=1; break; fi; sleep 0.5
  done
  [ "$ok" = 1 ] || fail "osd not up"
  log "osd up"

  # --- radosgw ---
  radosgw -n client.rgw.a </dev/null >log/client.rgw.a.out 2>&1 || fail "radosgw start"
  ok=0
  local i
  for i in $(seq 1 240); do
    if curl -fsS -m 2 -o /dev/null "$ENDPOINT/" 2>/dev/null; then ok=1; break; fi
    pid_alive client.rgw.a || [ "$i" -lt 10 ] || fail "radosgw exited"
    sleep 0.5
  done
  [ "$ok" = 1 ] || fail "radosgw not answering on $ENDPOINT"
  log "radosgw up"

  # --- S3 user ---
  # No bucket quota: a server kept running between test runs accumulates buckets (the default cap is 1,000).
  timeout 60 radosgw-admin user create --uid=test --display-name="Test User" --max-buckets=0 \
    --access-key="$RGW_ACCESS_KEY" --secret-key="$RGW_SECRET_KEY" >run/user.json 2>log/radosgw-admin.out \
    || fail "radosgw-admin user create"
  log "cluster bring-up took $(( $(ms) - t0 )) ms"
  echo "RGW_STARTED=yes"
}

if [ "${1:-}" = "--inner" ]; then          # invoked inside the chroot by the outer script
  RGW_DIR=/var/tmp/rgw-cluster
  cluster_up
  exit 0
fi

# ====================== outer: install, then run ======================
mkdir -p "$RGW_BASE"
exec 9>"$RGW_BASE/.lock"
# the wait covers a first-time chroot build (~2 min) by another caller
if ! flock -w "${RGW_LOCK_TIMEOUT:-900}" 9; then log "timed out waiting for $RGW_BASE/.lock"; exit 1; fi
apt_install() {   # apt_install pkg... : installs only what is missing
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local t0; t0=$(ms)
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "apt install took $(( $(ms) - t0 )) ms"
}

write_fake_vault() {   # minimal stand-in for Vault's transit engine (test only)
  cat > "$1" <<'JS'
// Minimal stand-in for HashiCorp Vault's transit engine, only what radosgw's SSE-S3 uses
// (keys create/config/delete, datakey/plaintext, decrypt). TEST ONLY: the "wrapped" data key is
// just base64 of the plaintext key. usage: node fake-vault.js PORT
const http = require('http');
const crypto = require('crypto');
const port = Number(process.argv[2] || 8200);
const keys = new Set();
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const m = req.url.match(/^\/v1\/transit\/(keys|datakey\/plaintext|decrypt)\/([^/?]+)(\/config)?/);
    const send = (code, obj) => {
      const s = obj === undefined ? '' : JSON.stringify(obj);
      res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(s) });
      res.end(s);
    };
    if (!m) return send(404, { errors: ['no handler for route'] });
    const [, op, name] = m;
    let j = {};
    try { j = body ? JSON.parse(body) : {}; } catch { return send(400, { errors: ['bad json'] }); }
    if (op === 'keys') {
      if (req.method === 'DELETE') { keys.delete(name); return send(204); }
      keys.add(name); return send(204);
    }
    if (op === 'datakey/plaintext') {
      const k = crypto.randomBytes(32).toString('base64');
      return send(200, { data: { plaintext: k, ciphertext: 'vault:v1:' + k } });
    }
    if (op === 'decrypt') {
      const ct = String(j.ciphertext || '');
      if (!ct.startsWith('vault:v1:')) return send(400, { errors: ['invalid ciphertext'] });
      return send(200, { data: { plaintext: ct.slice('vault:v1:'.length) } });
    }
    return send(404, { errors: ['unsupported'] });
  });
}).listen(port, '127.0.0.1');
JS
}

case "$RGW_FLAVOR" in
  pacific)
    apt_install radosgw ceph-mon ceph-osd ceph-common curl
    RGW_DIR=$RGW_BASE/cluster
    RGW_VAULT_PORT=   # pacific has no SSE-S3
    mkdir -p "$RGW_BASE"
    cluster_up
    ;;
  reef)
    apt_install mmdebstrap curl
    if [ ! -x "$RGW_ROOTFS/usr/bin/radosgw" ]; then
      # same mirror as the host's own apt sources
      MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
      [ -n "$MIRROR" ] || MIRROR=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if($i ~ /^http/){print $i; exit}}' /etc/apt/sources.list 2>/dev/null || true)
      [ -n "$MIRROR" ] || { log "cannot find the host's Debian mirror in its apt sources"; exit 1; }
      tmp="$RGW_ROOTFS.tmp"
      for m in proc dev; do mountpoint -q "$tmp/$m" 2>/dev/null && umount "$tmp/$m"; done
      rm -rf --one-file-system "$tmp"
      mkdir -p "$RGW_BASE"
      log "building trixie rootfs with ceph (mmdebstrap)"
      t0=$(ms)
      mmdebstrap --mode=root --variant=apt --aptopt='Acquire::Retries "3"' \
        --include=radosgw,ceph-mon,ceph-osd,ceph-common,curl \
        trixie "$tmp" "deb $MIRROR trixie main" >"$RGW_BASE/mmdebstrap.log" 2>&1 \
        || { tail -n 30 "$RGW_BASE/mmdebstrap.log" >&2; exit 1; }
      mv "$tmp" "$RGW_ROOTFS"
      log "rootfs built in $(( $(ms) - t0 )) ms"
    fi
    mountpoint -q "$RGW_ROOTFS/proc" || mount -t proc proc "$RGW_ROOTFS/proc"
    mountpoint -q "$RGW_ROOTFS/dev"  || mount --bind /dev "$RGW_ROOTFS/dev"
    if [ -n "$RGW_VAULT_PORT" ] && ! command -v node >/dev/null 2>&1; then
      log "node not found: no Vault stand-in, SSE-S3 (AES256) will be refused"; RGW_VAULT_PORT=
    fi
    if [ -n "$RGW_VAULT_PORT" ]; then
      vpid_file="$RGW_BASE/fake-vault.pid"
      if ! { [ -s "$vpid_file" ] && kill -0 "$(cat "$vpid_file")" 2>/dev/null; }; then
        write_fake_vault "$RGW_BASE/fake-vault.js"
        setsid node "$RGW_BASE/fake-vault.js" "$RGW_VAULT_PORT" </dev/null >"$RGW_BASE/fake-vault.log" 2>&1 9>&- &
        echo $! > "$vpid_file"
        for i in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$RGW_VAULT_PORT") 2>/dev/null && break; sleep 0.1; done
        kill -0 "$(cat "$vpid_file")" 2>/dev/null || { log "Vault stand-in failed:"; cat "$RGW_BASE/fake-vault.log" >&2; exit 1; }
        log "Vault transit stand-in on 127.0.0.1:$RGW_VAULT_PORT (pid $(cat "$vpid_file"))"
      fi
    fi
    install -m 0755 "$SELF" "$RGW_ROOTFS/root/start-rgw.sh"
    chroot "$RGW_ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      RGW_PORT="$RGW_PORT" MON_V2_PORT="$MON_V2_PORT" MON_V1_PORT="$MON_V1_PORT" \
      RGW_ACCESS_KEY="$RGW_ACCESS_KEY" RGW_SECRET_KEY="$RGW_SECRET_KEY" \
      RGW_MEMSTORE_BYTES="$RGW_MEMSTORE_BYTES" KMS_KEY1="$KMS_KEY1" KMS_KEY2="$KMS_KEY2" \
      RGW_VAULT_PORT="$RGW_VAULT_PORT" \
      bash /root/start-rgw.sh --inner 9>&-   # daemons must not inherit (and hold) the lock
    ;;
  *) log "RGW_FLAVOR must be reef or pacific"; exit 1 ;;
esac

cat > "$RGW_BASE/s3.env" <<EOF
export S3_ENDPOINT=$ENDPOINT
export AWS_ACCESS_KEY_ID=$RGW_ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$RGW_SECRET_KEY
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
EOF
echo "RGW_FLAVOR=$RGW_FLAVOR"
echo "S3_ENDPOINT=$ENDPOINT"
echo "AWS_ACCESS_KEY_ID=$RGW_ACCESS_KEY"
echo "AWS_SECRET_ACCESS_KEY=$RGW_SECRET_KEY"
echo "AWS_REGION=us-east-1   (path-style addressing: forcePathStyle: true; env file: $RGW_BASE/s3.env)"
