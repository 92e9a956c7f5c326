#!/usr/bin/env python3
# (review r2copy's split.py, for tests/reliability/copies.sh)
# split.py IN OUTDIR KIOSK CHUNK FORGE: a copy of bundle IN under KIOSK, in
# incremental bundles of CHUNK responses (original seqs), chained, each
# re-signed with one home-made key (OUTDIR/key made by the first forge run).
import json, os, subprocess, sys
src, out, kiosk, chunk, forge = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
d = json.load(open(src))
os.makedirs(out, exist_ok=True)
resp = d['responses']
prev = ""
key = None
for i in range(0, len(resp), chunk):
    part = resp[i:i + chunk]
    e = json.loads(json.dumps(d))
    e['responses'] = part
    m = e['manifest']
    m['kind'] = 'incremental'
    m['prev_chain'] = prev
    m['first_seq'] = part[0]['seq']; m['last_seq'] = part[-1]['seq']
    tmp = os.path.join(out, 'tmp.json')
    json.dump(e, open(tmp, 'w'), ensure_ascii=False)
    name = os.path.join(out, 'junheng-%s-20261121T060000Z-incremental-%d-%d.json' % (kiosk, part[0]['seq'], part[-1]['seq']))
    subprocess.check_call([forge, 'edit', tmp, name, '--kiosk', kiosk, '--rechain', '--resign', key or 'new'])
    if key is None:
        key = os.path.join(out, 'copier.key'); os.rename(name + '.key', key)
    prev = json.load(open(name))['manifest']['last_chain']
os.remove(tmp)
