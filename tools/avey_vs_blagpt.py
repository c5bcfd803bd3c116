#!/usr/bin/env python3
"""Avey training-step time and memory: BlaGPT's `bla_gpt/avey.py` against `blagpt_nb.models.avey`, side by side in one run.

    pip install coqpit                      # BlaGPT's config library (a benchmark-only need, not a blagpt-nb dependency)
    python tools/avey_vs_blagpt.py --blagpt PATH/TO/BlaGPT/bla_gpt --rounds 3 --steps 3

Both at the same configuration: width `--d`, `--layers` processor layers, splits of 64 tokens, 6 retrieved splits per split
(BlaGPT's `k=7` counts the current split; its context is padded to `extended_len=512`, ours is 7 × 64 = 448), expansion 4,
context fraction 0.5, tied embeddings, a random batch of `--batch` × `--seq` byte tokens. Each round runs each model in a
fresh subprocess (the order alternates between rounds), times `--steps` forward + backward passes after one warm-up, and
prints the process CPU seconds per step and the peak resident memory; then the median ratios ours / BlaGPT.
"""
import argparse, json, resource, statistics, subprocess, sys, time

def child(which, blagpt, steps, batch, seq, d, layers):
    import torch
    torch.set_num_threads(1); torch.manual_seed(0)
    if which == 'blagpt':
        sys.path.insert(0, blagpt)
        from avey import Avey, AveyConfig
        m = Avey(AveyConfig(vocab_size=256, d_embed=d, n_blocks=layers, chunk_size=64, k=7, extended_len=512, block_size=seq))
        loss = lambda x, y: m(x, y)[1]
    else:
        from blagpt_nb.models.avey import Avey, AveyConfig
        m = Avey(AveyConfig(vocab_size=256, n_embd=d, n_layer=layers, split_size=64, top_k=6, block_size=seq))
        loss = lambda x, y: m(x, y)['loss']
    x, y = torch.randint(0, 256, (2, batch, seq))
    loss(x, y).backward()
    t = time.process_time()
    for _ in range(steps): loss(x, y).backward()
    return dict(cpu_s=(time.process_time() - t) / steps, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                params=sum(p.numel() for p in m.parameters()))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--blagpt', required=True, help="BlaGPT's bla_gpt folder (the one holding avey.py)")
    for k, v in dict(rounds=3, steps=3, batch=4, seq=1024, d=64, layers=2).items(): p.add_argument(f'--{k}', type=int, default=v)
    p.add_argument('--child', help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child: return print(json.dumps(child(a.child, a.blagpt, a.steps, a.batch, a.seq, a.d, a.layers)))
    res = {'blagpt': [], 'ours': []}
    for r in range(a.rounds):
        for which in (('blagpt', 'ours') if r % 2 == 0 else ('ours', 'blagpt')):
            out = subprocess.run([sys.executable, __file__, *sys.argv[1:], '--child', which], capture_output=True, text=True)
            if out.returncode: sys.exit(f"the {which} run failed:\n{out.stderr[-2000:]}")
            res[which].append(json.loads(out.stdout.splitlines()[-1]))
            print(f"round {r}: {which:6s} {res[which][-1]['cpu_s']:.3f} CPU s/step, peak {res[which][-1]['peak_mb']:.0f} MB, {res[which][-1]['params']:,} params", flush=True)
    ratio = lambda k: statistics.median(o[k] / b[k] for o, b in zip(res['ours'], res['blagpt']))
    print(f"median ours/BlaGPT: CPU time per step {ratio('cpu_s'):.2f}, peak memory {ratio('peak_mb'):.2f} "
          f"(B={a.batch}, T={a.seq}, d={a.d}, {a.layers} layers, S=64, 6 retrieved)")

if __name__ == '__main__': main()
