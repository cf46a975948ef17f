#!/usr/bin/env bash
# Install (or say how to install) the system packages mapapp needs, from Debian/Ubuntu's
# own archive: SpatiaLite for the embedded database, PostGIS and its client tools (pg_dump and
# pg_restore, for backups) for production and tests, Chromium and npm (axe-core) for browser
# tests, and Pango with a font for the gap analysis PDFs (WeasyPrint).
# Usage: scripts/system_deps.sh spatialite [postgis] [chromium] [npm] [pdf]
set -euo pipefail

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

package_for() {
  case "$1" in
    spatialite) echo "libsqlite3-mod-spatialite" ;;
    postgis)
      local v; v=$(pg_version)
      # The client (pg_dump, pg_restore: 'mapapp backup'/'restore') in the server's version;
      # the server package pulls it in too, but name it for hosts where that changes.
      if [ -n "$v" ]; then echo "postgresql-$v-postgis-3 postgresql-client-$v"
      else echo "postgresql postgis postgresql-client"; fi ;;
    chromium) echo "chromium" ;;
    npm) echo "npm" ;;
    pdf) echo "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core" ;;
    *) echo "unknown component $1" >&2; exit 2 ;;
  esac
}

present() {
  case "$1" in
    spatialite) ls /usr/lib/*/mod_spatialite.so* /usr/lib/mod_spatialite.so* >/dev/null 2>&1 ;;
    postgis) local v; v=$(pg_version); [ -n "$v" ] && ls /usr/share/postgresql/"$v"/extension/postgis.control >/dev/null 2>&1 \
               && command -v pg_dump >/dev/null && command -v pg_restore >/dev/null ;;
    chromium) [ -x /usr/bin/chromium ] ;;
    npm) command -v npm >/dev/null ;;
    pdf) ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset \
           && ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 ;;
  esac
}

missing=()
for component in "$@"; do
  present "$component" || missing+=($(package_for "$component"))
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v apt-get >/dev/null; then
  echo "mapapp needs: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
else
  echo "mapapp needs SpatiaLite/PostGIS/Chromium (${missing[*]} on Debian)." >&2
  echo "On macOS: brew install libspatialite postgis chromium." >&2
  exit 1
fi
