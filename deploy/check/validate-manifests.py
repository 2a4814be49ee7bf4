#!/usr/bin/env python3
"""Validate rendered Kubernetes manifests (run by scripts/deploy-check.sh in its venv).

Every object must pass: core objects through kubernetes-validate in strict mode (the same
`kubernetes_validate.utils.validate` the `kubernetes-validate --strict` CLI calls) for each
requested Kubernetes version; custom resources (no schema in kubernetes-validate) through
the hand-written strict schema for their group/version/kind in --crd-schemas. An object of
a kind with neither schema FAILS: nothing passes unchecked.

usage: validate-manifests.py --crd-schemas DIR -k 1.35.0 [-k 1.37.0] FILE...
"""

import argparse
import collections
import json
import os
import sys

import jsonschema
import yaml
from kubernetes_validate import utils


def load_objects(path):
    with open(path, encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc]


def crd_schema_path(directory, obj):
    group_version = obj.get("apiVersion", "")
    if "/" not in group_version:
        return None
    group, version = group_version.split("/", 1)
    if "." not in group:  # core API groups (apps, batch, policy, ...) have no dot
        return None
    path = os.path.join(directory, f"{group}_{version}_{obj.get('kind')}.json")
    return path if os.path.exists(path) else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--crd-schemas", required=True)
    parser.add_argument("-k", "--kubernetes-version", action="append", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    failures = 0
    for path in args.files:
        objects = load_objects(path)
        kinds = collections.Counter()
        crds = collections.Counter()
        file_failures = 0
        if not objects:
            print(f"FAIL {path}: no objects rendered")
            failures += 1
            continue
        for obj in objects:
            kind = obj.get("kind", "?")
            name = (obj.get("metadata") or {}).get("name", "?")
            label = f"{kind}/{name}"
            kinds[kind] += 1
            schema_path = crd_schema_path(args.crd_schemas, obj)
            if schema_path:
                crds[kind] += 1
                with open(schema_path, encoding="utf-8") as handle:
                    schema = json.load(handle)
                errors = sorted(
                    jsonschema.Draft202012Validator(schema).iter_errors(obj), key=lambda e: list(e.path)
                )
                for error in errors:
                    where = ".".join(str(part) for part in error.path)
                    print(f"FAIL {path}: {label} ({obj['apiVersion']}, CRD schema "
                          f"{os.path.basename(schema_path)}): {where}: {error.message}")
                file_failures += bool(errors)
                continue
            for version in args.kubernetes_version:
                try:
                    utils.validate(obj, version, strict=True)
                except utils.ValidationError as error:
                    where = ".".join(str(part) for part in error.path)
                    print(f"FAIL {path}: {label} against Kubernetes {error.version} (strict): "
                          f"{where}: {error.message}")
                    file_failures += 1
                except utils.SchemaNotFoundError as error:
                    print(f"FAIL {path}: {label}: {error.message}, and no CRD schema "
                          f"{obj.get('apiVersion')} {kind} in {args.crd_schemas}")
                    file_failures += 1
                except utils.VersionNotSupportedError as error:
                    print(f"FAIL kubernetes-validate does not know Kubernetes {error.version}")
                    return 2
        summary = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        crd_note = (
            "; custom resources checked against deploy/check/crd-schemas (kubernetes-validate has no "
            "schema for them): " + ", ".join(f"{k} {c}" for k, c in sorted(crds.items()))
            if crds
            else ""
        )
        status = "ok  " if file_failures == 0 else "FAIL"
        print(f"{status} {os.path.basename(path)}: {len(objects)} objects ({summary}) — strict, "
              f"Kubernetes {', '.join(args.kubernetes_version)}{crd_note}")
        failures += file_failures
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
