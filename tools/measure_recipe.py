#!/usr/bin/env python3
"""Measure the standard ablation recipe's noise: the baseline over N seeds and a null comparison.

    OMP_NUM_THREADS=1 python tools/measure_recipe.py --seeds 8 [--threads 1] [--json out.json] [TrainConfig field=value ...]

Baseline: `experiment.run(tiny_config(), seed=s)` for s in 0..N-1 (the recipe of `experiment.RECIPE`).
Null comparison: the same runs with the initialisation seed changed (seed 1000+s) and the data order kept (data seed s),
i.e. a change that cannot matter but perturbs the run the way any variant does; its paired differences from the
baseline give the noise floor of paired deltas (their std and the 95% t half-width at 5 seeds). Also the two halves of
the baseline seeds against each other. Prints everything; --json writes the per-seed numbers."""
import argparse, json, math, statistics, sys, time
import torch
from blagpt_nb import experiment as ex

ap = argparse.ArgumentParser()
ap.add_argument('--seeds', type=int, default=8)
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--no-null', action='store_true')
ap.add_argument('--json', default='')
ap.add_argument('overrides', nargs='*', help='TrainConfig or model fields as key=value (model fields prefixed with m.)')
a = ap.parse_args()
torch.set_num_threads(a.threads)
tkw, mkw = {}, {}
for kv in a.overrides:
    k, v = kv.split('=', 1); v = json.loads(v) if v[:1].isdigit() or v[:1] in '-[{' or v in ('true', 'false') else v
    (mkw if k.startswith('m.') else tkw)[k.removeprefix('m.')] = v
cfg = ex.tiny_config(**mkw)
print(f"recipe: {ex.RECIPE_MODEL | mkw} {ex.RECIPE | tkw}; threads {torch.get_num_threads()}", flush=True)
base, null = [], []
for s in range(a.seeds):
    r = ex.run(cfg, seed=s, **tkw); base.append(r)
    msg = f"seed {s}: baseline val {r['val_loss']:.4f} ({r['seconds']:.1f} s)"
    if not a.no_null:
        n = ex.run(cfg, seed=1000 + s, data_seed=s, **tkw); null.append(n)
        msg += f", null {n['val_loss']:.4f} (Δ {n['val_loss'] - r['val_loss']:+.4f}, {n['seconds']:.1f} s)"
    print(msg, flush=True)
v = [r['val_loss'] for r in base]; secs = [r['seconds'] for r in base + null]
print(f"\nbaseline over {len(v)} seeds: mean {statistics.mean(v):.4f}, std {statistics.stdev(v):.4f}, "
      f"min-max {min(v):.4f}-{max(v):.4f}; {statistics.mean(secs):.1f} s/run (max {max(secs):.1f}), params {base[0]['params']:,}")
if null:
    d = [n['val_loss'] - r['val_loss'] for n, r in zip(null, base)]
    p = ex.paired_interval(d)
    sd = statistics.stdev(d)
    print(f"null (init seed changed, same data) over {len(d)} seeds: paired Δ mean {p['delta']:+.4f} ± {p['ci']:.4f} (95% t), "
          f"std of Δ {sd:.4f}, verdict {p['verdict']}; 95% half-width at 5 seeds: {ex.t975(4) * sd / math.sqrt(5):.4f}")
h = len(v) // 2
if h >= 2:
    d2 = [x - y for x, y in zip(v[h:2 * h], v[:h])]
    print(f"two halves of the baseline seeds ({h} pairs): Δ mean {statistics.mean(d2):+.4f}, std {statistics.stdev(d2):.4f}")
if a.json:
    json.dump(dict(recipe=dict(model=ex.RECIPE_MODEL | mkw, train=ex.RECIPE | tkw), threads=torch.get_num_threads(),
                   baseline=[{k: r[k] for k in ('seed', 'val_loss', 'seconds')} for r in base],
                   null=[{k: r[k] for k in ('seed', 'val_loss', 'seconds')} for r in null]), open(a.json, 'w'), indent=1)
