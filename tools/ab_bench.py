#!/usr/bin/env python3
"""Interleaved A/B of `blagpt_nb.bench` between two checkouts (e.g. before and after a core change), one run.

    python tools/ab_bench.py OLD_CHECKOUT NEW_CHECKOUT --rounds 4 -- --preset tiny --threads 1 --steps 3
Each round runs the benchmark once per checkout, in alternating order, as a subprocess with PYTHONPATH set to that
checkout; it prints the per-round step times and the median ratio NEW/OLD.
"""
import json, os, statistics, subprocess, sys

def run(path, args):
    env = {**os.environ, 'PYTHONPATH': path, 'OMP_NUM_THREADS': os.environ.get('OMP_NUM_THREADS', '1')}
    out = subprocess.run([sys.executable, '-m', 'blagpt_nb.bench', '--as_json', *args], env=env, cwd=path,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])

def main(argv):
    i = argv.index('--') if '--' in argv else len(argv)
    own, args = argv[:i], argv[i + 1:]
    rounds = int(own[own.index('--rounds') + 1]) if '--rounds' in own else 4
    old, new = [a for a in own if not a.startswith('--') and not a.isdigit()][:2]
    res = {'old': [], 'new': []}
    for r in range(rounds):
        for name in (('old', 'new') if r % 2 == 0 else ('new', 'old')):
            res[name].append(run(old if name == 'old' else new, args))
        print(f"round {r}: old {res['old'][-1]['ms_per_step']:.1f} ms/step (cpu {res['old'][-1]['cpu_s_per_step']:.3f} s), new {res['new'][-1]['ms_per_step']:.1f} ms/step (cpu {res['new'][-1]['cpu_s_per_step']:.3f} s)", flush=True)
    ratios = [n['cpu_s_per_step'] / o['cpu_s_per_step'] for o, n in zip(res['old'], res['new'])]
    print(f"median new/old CPU time per step: {statistics.median(ratios):.3f} (per round: {', '.join(f'{x:.3f}' for x in ratios)})")

if __name__ == '__main__': main(sys.argv[1:])
