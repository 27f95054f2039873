#!/bin/sh
# Fill deploy/varnish.vcl for the compose file: one backend (EDGE_BACKEND_HOST:PORT, the proxy's
# internal balancer over every web process, so "--scale web=N" needs no new VCL), purges
# accepted from EDGE_PURGERS (the compose network), then run Varnish in the foreground.
# EDGE_CHECK_ONLY=1 compiles the VCL and stops (the tests do, outside a container).
set -eu
template="${EDGE_VCL_TEMPLATE:-/etc/varnish/newsdesk.vcl.in}"
vcl="${EDGE_VCL:-/etc/varnish/newsdesk.vcl}"
host="${EDGE_BACKEND_HOST:-proxy}"
port="${EDGE_BACKEND_PORT:-8080}"
purgers="${EDGE_PURGERS:-10.0.0.0/8 172.16.0.0/12 192.168.0.0/16}"
acl=""
for range in $purgers; do
    acl="$acl    \"${range%/*}\"/${range#*/};\\n"
done
backend="backend web0 { .host = \"$host\"; .port = \"$port\"; }"
sed -e "s|{backends}|$backend|" \
    -e "s|{director_adds}|    web.add_backend(web0);|" \
    -e "s|{purgers}|$acl|" \
    "$template" > "$vcl"
if [ -n "${EDGE_CHECK_ONLY:-}" ]; then
    exec varnishd -C -j none -n "$(dirname "$vcl")/varnish" -f "$vcl" >/dev/null 2>&1
fi
exec varnishd -F -a :6081 -f "$vcl" -s "malloc,${EDGE_MEMORY:-256m}"
