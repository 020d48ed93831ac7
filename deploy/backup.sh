#!/usr/bin/env bash
# Nightly backup of the Loopwise database: a compressed custom-format pg_dump, kept for
# LOOPWISE_BACKUP_DAYS (14) days. Usage: deploy/backup.sh /var/backups/loopwise
# Restore into an empty database (README "Backups and restore"): pg_restore --no-owner --dbname=URL FILE
set -euo pipefail
target="${1:?usage: backup.sh DIRECTORY}"
: "${DATABASE_URL:?DATABASE_URL must name the database}"
mkdir -p "$target"
file="$target/loopwise-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --compress=6 --no-owner --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"   # a half-written dump never looks like a backup
pg_restore --list "$file" > /dev/null   # the dump can be read back
days="${LOOPWISE_BACKUP_DAYS:-14}"
# -mtime +N means more than N+1 whole days old: keep exactly $days days, and no half-written leftovers.
find "$target" \( -name 'loopwise-*.dump' -o -name 'loopwise-*.dump.partial' \) -mtime +"$((days - 1))" -delete
echo "$file"
