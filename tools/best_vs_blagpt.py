#!/usr/bin/env python3
"""Training-step time of BlaGPT's `BestConfig` against `preset('best')`, side by side: interleaved subprocesses, one run.

    pip install coqpit                      # BlaGPT's config library (a benchmark-only need, not a blagpt-nb dependency)
    python tools/best_vs_blagpt.py --blagpt PATH/TO/BlaGPT/bla_gpt --rounds 3 --steps 3 --batch 1 --seq 256 --threads 2

Each round builds each model in a fresh subprocess (the order alternates between rounds): BlaGPT's from its own code,
`GPT(BestConfig())` with its `get_optimizer('AdamW', …)`, and ours, `BlaGPT(preset('best'))` with
`make_optimizer('adamw', …)`; both AdamW with BestConfig's optimizer arguments (betas (0.9, 0.95), eps 1e-8, no weight
decay), lr 1e-3, the same random batch. It times `--steps` whole training steps (zero_grad, forward, backward,
optimizer step) after one warm-up step, and prints per round (a third run, `ours_foreach`, is ours with AdamW's
multi-tensor path instead of its fused kernel, to show how much of the difference is the optimizer step) the process CPU seconds and wall seconds per step and the
peak resident memory of each, then the median ratio ours/BlaGPT of CPU time per step.
"""
import argparse, json, os, resource, statistics, subprocess, sys, time

def child(which, blagpt, steps, batch, seq, threads):
    import torch
    torch.set_num_threads(threads); torch.manual_seed(0)
    if which == 'blagpt':
        sys.path.insert(0, blagpt)
        import contextlib, io
        with contextlib.redirect_stdout(io.StringIO()):
            from best_model_config import BestConfig
            from bla_gpt import GPT
            from optimizers import get_optimizer
            cfg = BestConfig(); model = GPT(cfg)
            opt = get_optimizer('AdamW', {'betas': (0.9, 0.95), 'eps': 1e-8, 'weight_decay': 0.0}, 1e-3, model)
        V = cfg.vocab_size
        def loss_of(x, y):
            _, loss = model(x, y)
            return loss['total'] if isinstance(loss, dict) else loss
    else:
        from blagpt_nb.config import preset
        from blagpt_nb.model import BlaGPT
        from blagpt_nb.optimizers.adamw import make_optimizer
        cfg = preset('best'); model = BlaGPT(cfg); V = cfg.vocab_size
        opt = make_optimizer('adamw', model, lr=1e-3, beta1=0.9, beta2=0.95, eps=1e-8, weight_decay=0.0, fused=which == 'ours')
        def loss_of(x, y): return model(x, y)['loss']
    g = torch.Generator().manual_seed(1)
    x = torch.randint(0, 50257, (batch, seq), generator=g); y = torch.randint(0, 50257, (batch, seq), generator=g)
    def step():
        opt.zero_grad(set_to_none=True); loss_of(x, y).backward(); opt.step()
    step()
    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(steps): step()
    cpu, wall = (time.process_time() - c0) / steps, (time.perf_counter() - w0) / steps
    params = sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())
    print(json.dumps(dict(which=which, cpu_s=cpu, wall_s=wall, peak_rss_gib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
                          params=params, threads=threads, batch=batch, seq=seq)))

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--blagpt', required=True, help="BlaGPT's bla_gpt/ folder (its code, imported as is)")
    ap.add_argument('--rounds', type=int, default=3); ap.add_argument('--steps', type=int, default=3)
    ap.add_argument('--batch', type=int, default=1); ap.add_argument('--seq', type=int, default=256)
    ap.add_argument('--threads', type=int, default=2); ap.add_argument('--child', default=None)
    a = ap.parse_args()
    if a.child: return child(a.child, a.blagpt, a.steps, a.batch, a.seq, a.threads)
    if not os.path.isfile(os.path.join(a.blagpt, 'best_model_config.py')):
        sys.exit(f"best_vs_blagpt: error: --blagpt {a.blagpt!r} has no best_model_config.py; give BlaGPT's bla_gpt/ folder.")
    res = {'blagpt': [], 'ours': [], 'ours_foreach': []}
    for r in range(a.rounds):
        for which in (('blagpt', 'ours', 'ours_foreach') if r % 2 == 0 else ('ours_foreach', 'ours', 'blagpt')):
            out = subprocess.run([sys.executable, __file__, '--child', which, *sum([[f'--{k}', str(getattr(a, k))] for k in
                                  ('blagpt', 'steps', 'batch', 'seq', 'threads')], [])], capture_output=True, text=True)
            if out.returncode: sys.exit(f"best_vs_blagpt: error: the {which} run failed: {out.stderr.strip().splitlines()[-1:]}")
            res[which].append(json.loads(out.stdout.strip().splitlines()[-1]))
            d = res[which][-1]
            print(f"round {r} {which:>12}: {d['cpu_s']:.2f} CPU s/step, {d['wall_s']:.2f} s/step wall, peak {d['peak_rss_gib']:.1f} GiB, {d['params'] / 1e6:.1f}M params", flush=True)
    ratios = [o['cpu_s'] / b['cpu_s'] for o, b in zip(res['ours'], res['blagpt'])]
    ratios_fe = [o['cpu_s'] / b['cpu_s'] for o, b in zip(res['ours_foreach'], res['blagpt'])]
    print(f"median ours/BlaGPT CPU time per step: {statistics.median(ratios):.3f} (per round: {', '.join(f'{x:.3f}' for x in ratios)}); "
          f"ours with the foreach AdamW path instead of the fused kernel: {statistics.median(ratios_fe):.3f}; "
          f"peak memory ours {statistics.median(d['peak_rss_gib'] for d in res['ours']):.1f} GiB, BlaGPT {statistics.median(d['peak_rss_gib'] for d in res['blagpt']):.1f} GiB")

if __name__ == '__main__': main()
