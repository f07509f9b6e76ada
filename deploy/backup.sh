#!/usr/bin/env bash
# Éclats backup: the database and the instance folder's secrets, kept N days.
#
# Run daily by eclats-backup.timer (deploy/systemd/), as the user that runs Éclats,
# with the same environment file (/etc/eclats/eclats.env). It reads:
#   DATABASE_URL             postgresql+psycopg://user:password@host:port/name (or a sqlite:/// file)
#   ECLATS_INSTANCE          the instance folder (secret.key, badge-keys/, packs/, uploads/)
#   ECLATS_BACKUP_DIR        where backups go            (default /var/backups/eclats)
#   ECLATS_BACKUP_KEEP_DAYS  backups older than this are deleted (default 14)
# It writes, for one run at time T (UTC, YYYYmmddTHHMMSSZ):
#   eclats-db-T.dump         pg_dump custom format (pg_restore reads it); eclats-db-T.sqlite for SQLite
#   eclats-files-T.tar.gz    secret.key, badge-keys/, packs/ and uploads/ of the instance folder;
#                            badge-keys/ holds every organisation's signing keys: the default
#                            organisation's, and badge-keys/<id>/ for each other one
# Each file is written under a temporary name and renamed when complete; the dump is read
# back with `pg_restore --list` before it counts. Any failure exits non-zero (systemd then
# marks eclats-backup.service failed: monitor that).
set -euo pipefail
umask 077

: "${DATABASE_URL:?DATABASE_URL is not set (source /etc/eclats/eclats.env)}"
: "${ECLATS_INSTANCE:?ECLATS_INSTANCE is not set (source /etc/eclats/eclats.env)}"
backup_dir="${ECLATS_BACKUP_DIR:-/var/backups/eclats}"
keep_days="${ECLATS_BACKUP_KEEP_DAYS:-14}"
case "$keep_days" in '' | *[!0-9]*)
    echo "ECLATS_BACKUP_KEEP_DAYS must be a number of days, not « $keep_days »" >&2
    exit 2
    ;;
esac
[ -d "$ECLATS_INSTANCE" ] || { echo "instance folder $ECLATS_INSTANCE does not exist" >&2; exit 2; }

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$backup_dir"
chmod 700 "$backup_dir"

# 1. the database
case "$DATABASE_URL" in
postgresql*)
    # libpq takes the URL without SQLAlchemy's "+driver" part; the password goes through
    # PGPASSWORD so that it does not show in the process list
    eval "$(python3 - "$DATABASE_URL" <<'PY'
import shlex, sys
from urllib.parse import unquote, urlsplit, urlunsplit
url = urlsplit(sys.argv[1])
scheme = url.scheme.split("+", 1)[0]
netloc = url.hostname or ""
if ":" in netloc:
    netloc = f"[{netloc}]"
if url.port:
    netloc += f":{url.port}"
if url.username:
    netloc = f"{url.username}@{netloc}"
print("export PGPASSWORD=" + shlex.quote(unquote(url.password or "")))
print("pg_url=" + shlex.quote(urlunsplit((scheme, netloc, url.path, url.query, ""))))
PY
)"
    [ -n "$PGPASSWORD" ] || unset PGPASSWORD
    target="$backup_dir/eclats-db-$stamp.dump"
    pg_dump --format=custom --no-owner --file="$target.partial" --dbname="$pg_url"
    pg_restore --list "$target.partial" >/dev/null
    mv "$target.partial" "$target"
    ;;
sqlite:///*)
    # SQLite's online backup (consistent while the server writes)
    target="$backup_dir/eclats-db-$stamp.sqlite"
    python3 - "${DATABASE_URL#sqlite:///}" "$target.partial" <<'PY'
import sqlite3, sys
source, copy = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with copy:
    source.backup(copy)
if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
    sys.exit("the copy of the database does not pass PRAGMA quick_check")
PY
    mv "$target.partial" "$target"
    ;;
*)
    echo "DATABASE_URL: only postgresql… and sqlite:/// URLs are backed up by this script" >&2
    exit 2
    ;;
esac

# 2. the instance folder's secrets and files (what is absent is skipped)
files=()
for name in secret.key badge-keys packs uploads; do
    [ -e "$ECLATS_INSTANCE/$name" ] && files+=("$name")
done
if [ "${#files[@]}" -eq 0 ]; then
    echo "nothing to save in $ECLATS_INSTANCE (no secret.key, no badge-keys/): has Éclats ever started?" >&2
    exit 1
fi
archive="$backup_dir/eclats-files-$stamp.tar.gz"
tar -czf "$archive.partial" -C "$ECLATS_INSTANCE" --exclude=.lock "${files[@]}"
mv "$archive.partial" "$archive"

# 3. older backups (and pieces left by an interrupted run) go
find "$backup_dir" -maxdepth 1 -type f -name 'eclats-*' -mtime "+$keep_days" -delete
echo "backup written: $target $archive"
