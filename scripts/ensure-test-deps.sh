#!/usr/bin/env bash
# Makes sure what the test suite needs is present, and installs what is missing:
#   - Debian's chromium (Playwright drives /usr/bin/chromium; we never download a browser)
#   - a font, so pages render text in screenshots
#   - poppler-utils, whose pdftoppm renders the first page of a paper as its thumbnail
#   - node_modules (npm ci from the lockfile, npm install if there is none)
# Idempotent: a second run does nothing but say so.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[ensure-test-deps] %s\n' "$*"; }

missing_pkgs=()
if [[ ! -x /usr/bin/chromium ]]; then
  missing_pkgs+=(chromium)
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
  missing_pkgs+=(poppler-utils)
fi
if ! fc-list 2>/dev/null | grep -qi dejavu && [[ ! -d /usr/share/fonts/truetype/dejavu ]]; then
  missing_pkgs+=(fonts-dejavu-core)
fi

if ((${#missing_pkgs[@]} > 0)); then
  if [[ "$(id -u)" -ne 0 ]]; then
    log "ERROR: missing Debian packages: ${missing_pkgs[*]}"
    log "Not running as root, so they cannot be installed here. Run as root:"
    log "  apt-get update && apt-get install -y --no-install-recommends ${missing_pkgs[*]}"
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "ERROR: missing ${missing_pkgs[*]} and apt-get is not available; install them with your package manager"
    exit 1
  fi
  log "installing Debian packages: ${missing_pkgs[*]} (apt-get update first)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}"
  if [[ ! -x /usr/bin/chromium ]]; then
    log "ERROR: chromium was installed but /usr/bin/chromium is still missing"
    exit 1
  fi
  if ! command -v pdftoppm >/dev/null 2>&1; then
    log "ERROR: poppler-utils was installed but pdftoppm is still missing"
    exit 1
  fi
  log "installed: ${missing_pkgs[*]}"
else
  log "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  log "pdftoppm present: $(pdftoppm -v 2>&1 | head -1)"
fi

if [[ ! -d node_modules ]]; then
  if [[ -f package-lock.json ]]; then
    log "node_modules missing: running npm ci"
    npm ci
  else
    log "node_modules missing and no package-lock.json: running npm install"
    npm install
  fi
else
  log "node_modules present"
fi

log "ok"
