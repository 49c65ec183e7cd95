#!/usr/bin/env python3
"""Validate an RO-Crate directory with roc-validator (rocrate-validator) against the Provenance Run
Crate profile at the REQUIRED level; print RECOMMENDED findings without failing on them.

Usage: check_rocrate.py CRATE_DIR
Exit 0 when the crate meets every REQUIRED check, 1 otherwise, 2 when roc-validator is missing,
3 when the RO-Crate 1.3 context could not be fetched (no network and no DESCI_ROCRATE_CONTEXT).

The validator fetches the RO-Crate 1.3 JSON-LD context from https://w3id.org/ro/crate/1.3/context.
By default the copy in Tests/Fixtures/ is served instead (our machines have no network);
DESCI_ROCRATE_CONTEXT names another copy (nothing else changes).
"""
import json
import os
import sys

try:
    from rocrate_validator import models, services
    from rocrate_validator.utils import document_loader
    import requests
except ImportError as e:  # the caller decides whether a missing validator fails or skips
    print(f"roc-validator is not installed: {e}", file=sys.stderr)
    sys.exit(2)

CONTEXT_URL = "https://w3id.org/ro/crate/1.3/context"
PROFILE = "provenance-run-crate"


# The copy kept in the repository (CC0; Tests/Fixtures/README.md): our machines have no network.
BUNDLED_CONTEXT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "ro-crate-1.3-context.jsonld")


def serve_local_context():
    path = os.environ.get("DESCI_ROCRATE_CONTEXT") or (BUNDLED_CONTEXT if os.path.exists(BUNDLED_CONTEXT) else None)
    if not path:
        return
    with open(path, encoding="utf-8") as f:
        local = json.load(f)
    original = document_loader._fetch_json_ld

    def fetch(url, *args, **kwargs):
        if url.rstrip("/") == CONTEXT_URL:
            return local
        return original(url, *args, **kwargs)

    document_loader._fetch_json_ld = fetch
    body = json.dumps(local).encode("utf-8")
    original_request = requests.sessions.Session.request

    def request(self, method, url, *args, **kwargs):
        if str(url).rstrip("/") == CONTEXT_URL:
            r = requests.models.Response()
            r.status_code = 200
            r.headers["Content-Type"] = "application/ld+json"
            r._content = body
            r.url = CONTEXT_URL
            return r
        return original_request(self, method, url, *args, **kwargs)

    requests.sessions.Session.request = request


def run(crate, severity):
    settings = models.ValidationSettings(
        rocrate_uri=crate,
        profile_identifier=PROFILE,
        requirement_severity=severity,
        skip_availability_check=True,
    )
    return services.validate(settings)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    crate = sys.argv[1]
    serve_local_context()
    try:
        required = run(crate, models.Severity.REQUIRED)
    except Exception as e:  # the validator raises when a remote document cannot be fetched
        if "Name or service not known" in str(e) or "urlopen error" in str(e) or "OfflineCacheMiss" in type(e).__name__:
            print(f"cannot fetch {CONTEXT_URL} (offline?): set DESCI_ROCRATE_CONTEXT to a local copy: {e}", file=sys.stderr)
            return 3
        raise
    failures = list(required.get_issues())
    for i in failures:
        print(f"REQUIRED {i.check.identifier}: {i.message}")
    recommended = run(crate, models.Severity.RECOMMENDED)
    for i in recommended.get_issues():
        if i.severity == models.Severity.RECOMMENDED:
            print(f"RECOMMENDED {i.check.identifier}: {i.message}")
    passed = required.passed() and not failures
    print(f"{PROFILE}: REQUIRED {'passed' if passed else 'FAILED'} ({len(failures)} issue(s))")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
