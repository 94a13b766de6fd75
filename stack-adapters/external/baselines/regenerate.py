#!/usr/bin/env python3
"""Regenerates a stack's baseline of known deviations from a run of the catalog.

    java -jar specs/target/tcpspec.jar run --stack lwip --profile rfc9293 --json /tmp/lwip.json
    python3 stack-adapters/external/baselines/regenerate.py /tmp/lwip.json \
        stack-adapters/external/baselines/lwip-reasons.txt > stack-adapters/external/baselines/lwip-rfc9293.txt

Every FAIL becomes one entry, ID@role, with its reason: the hand-checked one of the reasons file (lines
"ID[@role] reason", the source file and line that explain it) where there is one, otherwise the first expectation
that failed, marked "observed, not yet traced to the stack's source". An ERROR stops the generation: it is a defect of
the adapter or the driver, never a deviation. Entries come in catalog order.
"""
import json
import sys


def main():
    run = json.load(open(sys.argv[1]))
    reasons = {}
    for line in open(sys.argv[2]):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        key, _, why = line.partition(' ')
        reasons[key] = why.strip()
    errors = [r for r in run['results'] if r['verdict'] == 'ERROR']
    if errors:
        for r in errors:
            print(f"ERROR {r['id']} {r['stack']}: {r['message']}", file=sys.stderr)
        sys.exit(1)
    print(f"# Known deviations of {run['results'][0]['stack'].split(' as ')[0]} under profile {run['profile']}, "
          f"seed {run['seed']}: one line per spec and role that fails, with the reason.")
    print("# Regenerate: see README.md, 'External stacks: lwIP and gVisor' (regenerate.py). Do not edit by hand;")
    print("# edit the reasons file beside this one and regenerate.")
    seen = set()
    for r in sorted(run['results'], key=lambda r: int(r['index'])):
        if r['verdict'] != 'FAIL':
            continue
        role = r['stack'].split(' as ')[1]
        key = f"{r['id']}@{role}"
        if key in seen:
            continue
        seen.add(key)
        why = reasons.get(key) or reasons.get(r['id'])
        if why is None:
            why = "observed, not yet traced to the stack's source: " + first_failure(r)
        print(f"{key:<22} {why}")


def first_failure(r):
    for e in r.get('expectations') or []:
        if isinstance(e, dict) and e.get('held') is False:
            return f"expected {e.get('expectation', '')}, but {e.get('observation', '')}".replace('\n', ' ')[:300]
    return (r.get('message') or '').replace('\n', ' ')[:400]


if __name__ == '__main__':
    main()
