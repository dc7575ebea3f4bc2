#!/usr/bin/env bash
# Makes sure the tools that prove the deployment files are present: prometheus + promtool (the dashboards'
# PromQL runs against a real server), yamllint (YAML style) and kafkacat (a Kafka client nobody here wrote).
#
# Idempotent and never fatal: it installs missing Debian packages only when it runs as root, apt-get exists and
# CHORALE_INSTALL_TOOLS is not "false". Whenever it cannot, it says so and exits 0; the tests that need a
# missing tool then skip with a message naming it.
set -uo pipefail

# package -> the command that shows it is installed (Debian's kafkacat is now a transitional package for kcat)
declare -A command_of=([prometheus]=prometheus [yamllint]=yamllint [kafkacat]=kcat)
packages=(prometheus yamllint kafkacat)

missing=()
for pkg in "${packages[@]}"; do
  command -v "${command_of[$pkg]}" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-tools: present: ${packages[*]}"
  exit 0
fi
echo "ensure-tools: missing: ${missing[*]}"

if [ "${CHORALE_INSTALL_TOOLS:-true}" = "false" ]; then
  echo "ensure-tools: CHORALE_INSTALL_TOOLS=false, installing nothing; the tests needing them will skip"
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: not root or no apt-get, installing nothing; install them with: apt-get install ${missing[*]}"
  exit 0
fi

# Debian's prometheus package would start a daemon on :9090 from its postinst; policy-rc.d (exit 101) forbids
# that. Container images usually ship one; create it only for this run when absent.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
install() {
  # the lock timeout lets concurrent builds on one machine wait for each other instead of failing
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "$@" >/tmp/chorale-ensure-tools.log 2>&1
}
if install "${missing[@]}" || { apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null 2>&1 && install "${missing[@]}"; }; then
  echo "ensure-tools: installed ${missing[*]}"
else
  echo "ensure-tools: could not install ${missing[*]} (offline?); the tests needing them will skip. Log:"
  tail -n 5 /tmp/chorale-ensure-tools.log | sed 's/^/  /'
fi
exit 0
