#!/bin/sh
# The image's entry point (under tini): `deskgym serve` on all addresses with the bundled
# vm-configs and tasks, its capacity from the environment, so that a Kubernetes ConfigMap or
# `docker run -e` sets it. Arguments are passed on to `deskgym serve` (--warm, --prewarm,
# --records, --lease-seconds, --log-level, ...). exec: deskgym itself receives tini's SIGTERM.
#
#   DESKGYM_CAPACITY  sessions alive at once (default 4); size the memory for it (deploy/README.md)
#   DESKGYM_PORT      port (default 8765)
#   DESKGYM_HOST      address to bind (default 0.0.0.0; :: on an IPv6 network)
#   DESKGYM_TOKEN     bearer token, required for any address but loopback
#   DESKGYM_HOME      where bin/, vm-configs/ and tasks/ are (default /opt/deskgym)
#   DESKGYM_BIN       the deskgym binary (default $DESKGYM_HOME/bin/deskgym)
set -eu

home=${DESKGYM_HOME:-/opt/deskgym}
capacity=${DESKGYM_CAPACITY:-4}
port=${DESKGYM_PORT:-8765}

# deskgym takes any integer for --capacity; a typo in a ConfigMap should stop the pod with a
# message rather than start a server that refuses every session.
case "$capacity" in
    '' | *[!0-9]* | 0*)
        echo "deskgym-entrypoint: DESKGYM_CAPACITY must be a positive integer, got '$capacity'" >&2
        exit 64 ;;
esac
case "$port" in
    '' | *[!0-9]*)
        echo "deskgym-entrypoint: DESKGYM_PORT must be a port number, got '$port'" >&2
        exit 64 ;;
esac

exec "${DESKGYM_BIN:-$home/bin/deskgym}" serve \
    --host "${DESKGYM_HOST:-0.0.0.0}" --port "$port" --capacity "$capacity" \
    --vm-configs "$home/vm-configs" --tasks "$home/tasks" "$@"
