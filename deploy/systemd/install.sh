#!/usr/bin/env bash
# Installs Alert Relay as a systemd service, in the layout alert-relay.service expects:
#   /opt/alert-relay/relay.jar           the relay (relay-core/target/relay.jar, built by ./mvnw -DskipTests package)
#   /opt/alert-relay/plugins/*.zip       the built-in plugins, next to the jar where the relay looks for them
#   /etc/alert-relay/relay.yaml          the config (example copied only when there is none)
#   /etc/alert-relay/relay.env           the environment (example copied only when there is none; mode 0600)
#   /etc/systemd/system/alert-relay.service, /etc/sysusers.d/alert-relay.conf
#   /var/lib/alert-relay                 dataDir, created by systemd (StateDirectory)
# Usage: sudo deploy/systemd/install.sh          then: systemctl enable --now alert-relay
# DESTDIR=/some/root stages everything under that folder instead and skips systemctl and systemd-sysusers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${DESTDIR:-}"
jar="${RELAY_JAR:-$root/relay-core/target/relay.jar}"

if [ ! -f "$jar" ]; then
  echo "install.sh: $jar is missing; build it first: ./mvnw -B -DskipTests package" >&2
  exit 1
fi

install -d -m 0755 "$dest/opt/alert-relay" "$dest/opt/alert-relay/plugins" "$dest/etc/alert-relay" \
  "$dest/etc/systemd/system" "$dest/etc/sysusers.d"
install -m 0644 "$jar" "$dest/opt/alert-relay/relay.jar"
shopt -s nullglob
zips=("$root"/plugins/*/target/*-plugin.zip)
if [ ${#zips[@]} -eq 0 ]; then
  echo "install.sh: warning: no plugins/*/target/*-plugin.zip; the relay will run without its built-in plugins" >&2
fi
for zip in "${zips[@]}"; do install -m 0644 "$zip" "$dest/opt/alert-relay/plugins/"; done
install -m 0644 "$here/alert-relay.service" "$dest/etc/systemd/system/alert-relay.service"
install -m 0644 "$here/sysusers.d/alert-relay.conf" "$dest/etc/sysusers.d/alert-relay.conf"
# an operator's config and environment are never overwritten
[ -e "$dest/etc/alert-relay/relay.yaml" ] || install -m 0644 "$here/relay.yaml.example" "$dest/etc/alert-relay/relay.yaml"
[ -e "$dest/etc/alert-relay/relay.env" ] || install -m 0600 "$here/relay.env.example" "$dest/etc/alert-relay/relay.env"

if [ -z "$dest" ]; then
  systemd-sysusers /etc/sysusers.d/alert-relay.conf
  systemctl daemon-reload
  echo "installed; start with: systemctl enable --now alert-relay   (logs: journalctl -u alert-relay -f)"
fi
