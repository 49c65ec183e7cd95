#!/usr/bin/env python3
"""Load a `desci export prov` document with the W3C `prov` package and check its relations.

Usage: check_prov.py PROV_JSON CHILD_SHA256 PARENT_SHA256 PERSON_ADDRESS SOFTWARE_RECORD_ID AI_USE
  CHILD/PARENT_SHA256: hex SHA-256 of the derived file and of its input (64 digits)
  PERSON_ADDRESS: bech32 address credited with the derived file
  SOFTWARE_RECORD_ID: id of the model/software record listed as machine contributor
  AI_USE: one STM AI-use code the machine contributor declared (e.g. data-formatting)
Exit 0 when every check holds, 1 (with the failures printed) otherwise, 2 when `prov` is missing.
"""
import sys

try:
    from prov.model import (PROV_TYPE, ProvAssociation, ProvAttribution, ProvDerivation, ProvDocument,
                            ProvGeneration, ProvUsage)
    from prov.constants import PROV_ATTR_ACTIVITY, PROV_ATTR_AGENT, PROV_ATTR_ENTITY, PROV_ATTR_GENERATED_ENTITY, PROV_ATTR_USED_ENTITY
except ImportError as e:
    print(f"the prov package is not installed: {e}", file=sys.stderr)
    sys.exit(2)


def main(path, child, parent, person, software, ai_use):
    with open(path, encoding="utf-8") as f:
        doc = ProvDocument.deserialize(f, format="json")
    ns = {p.prefix: p.uri for p in doc.namespaces}
    failures = []

    def expect(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    def uri(q):
        return str(q.uri) if hasattr(q, "uri") else str(q)

    child_uri, parent_uri = ns["sha256"] + child, ns["sha256"] + parent
    person_uri, agent_uri = ns["desci"] + person, ns["desci"] + "agent-" + software
    records = list(doc.get_records())
    entities = {uri(r.identifier) for r in doc.get_records() if r.is_element() and r.get_type().localpart == "Entity"}
    expect(child_uri in entities and parent_uri in entities, "both files are entities named by their SHA-256")

    def pairs(cls, a, b):
        out = set()
        for r in records:
            if isinstance(r, cls):
                x, y = r.get_attribute(a), r.get_attribute(b)
                if x and y:
                    out.add((uri(next(iter(x))), uri(next(iter(y)))))
        return out

    expect((child_uri, parent_uri) in pairs(ProvDerivation, PROV_ATTR_GENERATED_ENTITY, PROV_ATTR_USED_ENTITY),
           "wasDerivedFrom(child, parent)")
    generated = {a for (e, a) in pairs(ProvGeneration, PROV_ATTR_ENTITY, PROV_ATTR_ACTIVITY) if e == child_uri}
    expect(len(generated) == 1, "wasGeneratedBy(child, its activity)")
    activity = next(iter(generated), None)
    expect((activity, parent_uri) in pairs(ProvUsage, PROV_ATTR_ACTIVITY, PROV_ATTR_ENTITY), "used(activity, parent)")
    expect((child_uri, person_uri) in pairs(ProvAttribution, PROV_ATTR_ENTITY, PROV_ATTR_AGENT), "wasAttributedTo(child, person)")
    expect((activity, agent_uri) in pairs(ProvAssociation, PROV_ATTR_ACTIVITY, PROV_ATTR_AGENT),
           "wasAssociatedWith(activity, software agent)")
    agent = next((r for r in records if r.is_element() and uri(r.identifier) == agent_uri), None)
    types = {uri(t) for t in agent.get_attribute(PROV_TYPE)} if agent else set()
    expect("http://www.w3.org/ns/prov#SoftwareAgent" in types, "the machine contributor is a prov:SoftwareAgent")
    uses = {uri(v) for (k, v) in (agent.attributes if agent else []) if uri(k).endswith("ai_use")}
    expect(ns["stm"] + ai_use in uses, f"the software agent declares AI use {ai_use}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 7:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
